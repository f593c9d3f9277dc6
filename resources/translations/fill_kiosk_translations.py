#!/usr/bin/env python3
"""Fills kiosk_hi.ts (Hindi) for the kiosk screens (ui/Kiosk*.cpp).

Run after `ninja update_kiosk_translations` has refreshed the file from the sources; a
translator's edits in Qt Linguist win: only empty or unfinished translations are filled.
"""
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent

HI = {
    "Your seats were released because the time ran out. Please choose again.":
        "समय समाप्त होने से आपकी सीटें छोड़ दी गईं। कृपया फिर से चुनें।",
    "High contrast": "उच्च कंट्रास्ट",
    "‹ Back": "‹ पीछे",
    "Start over": "फिर से शुरू करें",
    "Still there?": "क्या आप अभी भी यहाँ हैं?",
    "Yes, I'm still here": "हाँ, मैं यहाँ हूँ",
    "Staff only: leave kiosk mode": "केवल कर्मचारी: कियोस्क मोड छोड़ें",
    "Cancel": "रद्द करें",
    "%n seat(s) left": "%n सीट बाकी",
    "Sold out": "सभी बिक गईं",
    "%1  %2\n%3 · %4 %5 · %6": "%1  %2\n%3 · %4 %5 · %6",
    "Buy your tickets here": "अपने टिकट यहाँ खरीदें",
    "Card payments only · Tickets print right here": "केवल कार्ड से भुगतान · टिकट यहीं छपते हैं",
    "Showing next": "अगले शो",
    "No more shows today. Please come back tomorrow.": "आज और कोई शो नहीं है। कृपया कल आइए।",
    "Touch to buy tickets": "टिकट खरीदने के लिए छुएँ",
    "Choose a film": "फ़िल्म चुनें",
    "%1 · %2 min · %3": "%1 · %2 मिनट · %3",
    "Next: %1": "अगला: %1",
    "%1: choose a time": "%1: समय चुनें",
    "%1\n%2 · %3 %4\n%5": "%1\n%2 · %3 %4\n%5",
    "There is no wheelchair space with companion seats left for this show.":
        "इस शो में साथी सीटों के साथ व्हीलचेयर स्थान नहीं बचा है।",
    "There are not %n seats left together for this show.": "इस शो में %n सीटें एक साथ नहीं बची हैं।",
    "Those seats were just taken. Please choose again.": "वे सीटें अभी-अभी ले ली गईं। कृपया फिर से चुनें।",
    "We could not seat everyone together; these are the best seats left.":
        "सबको एक साथ नहीं बैठा सके; ये बची हुई सबसे अच्छी सीटें हैं।",
    "This space is kept for wheelchair users and their companions. Turn on \"Wheelchair space\" to choose it.":
        "यह स्थान व्हीलचेयर उपयोगकर्ताओं और उनके साथियों के लिए है। इसे चुनने के लिए \"व्हीलचेयर स्थान\" चालू करें।",
    "That seat is taken. Please choose another.": "वह सीट ले ली गई है। कृपया दूसरी चुनें।",
    "Choose your seats": "अपनी सीटें चुनें",
    "Tickets": "टिकट",
    "One ticket fewer": "एक टिकट कम",
    "One ticket more": "एक टिकट ज़्यादा",
    "♿ Wheelchair space": "♿ व्हीलचेयर स्थान",
    "A space for a wheelchair, with companion seats beside it.": "व्हीलचेयर के लिए स्थान, बगल में साथी सीटों के साथ।",
    "Suggest the best seats": "सबसे अच्छी सीटें सुझाएँ",
    "Touch a seat to choose it.": "सीट चुनने के लिए उसे छुएँ।",
    "Your seats: %1": "आपकी सीटें: %1",
    "Touch seats on the map to change them.": "बदलने के लिए नक्शे पर सीटें छुएँ।",
    "Continue": "आगे बढ़ें",
    "Who are the tickets for?": "टिकट किसके लिए हैं?",
    "Total %1 (taxes included)": "कुल %1 (कर सहित)",
    "Pay %1 by card": "कार्ड से %1 चुकाएँ",
    "The ticket printer has run out of paper, so this machine cannot sell tickets right now. Nothing has been charged. Please buy your tickets at the box office.":
        "टिकट प्रिंटर में कागज़ खत्म हो गया है, इसलिए यह मशीन अभी टिकट नहीं बेच सकती। कोई राशि नहीं ली गई। कृपया टिकट खिड़की से टिकट खरीदें।",
    "The ticket printer is not working, so this machine cannot sell tickets right now. Nothing has been charged. Please buy your tickets at the box office.":
        "टिकट प्रिंटर काम नहीं कर रहा, इसलिए यह मशीन अभी टिकट नहीं बेच सकती। कोई राशि नहीं ली गई। कृपया टिकट खिड़की से टिकट खरीदें।",
    "Pay by card": "कार्ड से भुगतान",
    "Tap or insert your card on the reader below the screen": "स्क्रीन के नीचे रीडर पर अपना कार्ड टैप करें या डालें",
    "Processing your payment. Please wait and keep your card at hand.":
        "आपका भुगतान हो रहा है। कृपया प्रतीक्षा करें और कार्ड पास रखें।",
    "Your card was declined (%1). Nothing has been charged. Tap or insert another card, or start over.":
        "आपका कार्ड अस्वीकार हुआ (%1)। कोई राशि नहीं ली गई। दूसरा कार्ड टैप करें या डालें, या फिर से शुरू करें।",
    "Your seats are no longer kept. Nothing has been charged. Please start over.":
        "आपकी सीटें अब रुकी नहीं हैं। कोई राशि नहीं ली गई। कृपया फिर से शुरू करें।",
    "The machine is busy. Nothing has been charged. Please try again in a moment.":
        "मशीन व्यस्त है। कोई राशि नहीं ली गई। कृपया थोड़ी देर में फिर कोशिश करें।",
    "Contacting your bank. Please wait.": "आपके बैंक से संपर्क हो रहा है। कृपया प्रतीक्षा करें।",
    "Approved. Booking your seats.": "स्वीकृत। आपकी सीटें बुक हो रही हैं।",
    "Completing the payment.": "भुगतान पूरा हो रहा है।",
    "Cancelling the payment.": "भुगतान रद्द हो रहा है।",
    "declined": "अस्वीकृत",
    "Your seats could not be kept, so the payment was cancelled and nothing has been charged. Please start over.":
        "आपकी सीटें नहीं रोकी जा सकीं, इसलिए भुगतान रद्द हुआ और कोई राशि नहीं ली गई। कृपया फिर से शुरू करें।",
    "We could not complete the payment. Any amount held on your card will be released. Please start over or buy at the box office.":
        "भुगतान पूरा नहीं हो सका। आपके कार्ड पर रोकी गई राशि छोड़ दी जाएगी। कृपया फिर से शुरू करें या टिकट खिड़की से खरीदें।",
    "Take your tickets": "अपने टिकट ले लें",
    "Booking %1": "बुकिंग %1",
    "Enjoy the film! Your receipt is printed with the tickets.": "फ़िल्म का आनंद लें! रसीद टिकटों के साथ छपी है।",
    "Done": "हो गया",
    "Your tickets could not be printed": "आपके टिकट छप नहीं सके",
    "Don't worry: your seats are booked and paid for. Show this code at the box office and staff will print your tickets. They have already been told.":
        "चिंता न करें: आपकी सीटें बुक हैं और भुगतान हो चुका है। टिकट खिड़की पर यह कोड दिखाएँ, कर्मचारी आपके टिकट छाप देंगे। उन्हें सूचना दे दी गई है।",
    "Take a photo of this screen to keep the code.": "कोड रखने के लिए इस स्क्रीन की फ़ोटो ले लें।",
    "Touch the screen to carry on. Otherwise this sale will be cancelled in %n second(s).":
        "जारी रखने के लिए स्क्रीन छुएँ। नहीं तो यह बिक्री %n सेकंड में रद्द हो जाएगी।",
    "A manager's PIN is needed.": "मैनेजर का PIN चाहिए।",
    "Too many wrong PINs. Try again later.": "बहुत सारे गलत PIN। बाद में कोशिश करें।",
    "Wrong PIN. The kiosk stays open.": "गलत PIN। कियोस्क खुला रहेगा।",
}


def main() -> int:
    path = HERE / "kiosk_hi.ts"
    tree = ET.parse(path)
    root = tree.getroot()
    root.set("language", "hi_IN")
    missing = []
    for message in root.iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        if translation is None:
            continue
        text = HI.get(source)
        forms = translation.findall("numerusform")
        filled = bool((translation.text or "").strip()) or any((f.text or "").strip() for f in forms)
        if filled and translation.get("type") != "unfinished":
            continue
        if text is None:
            missing.append(source)
            continue
        if message.get("numerus") == "yes":
            for f in forms:
                translation.remove(f)
            for _ in range(2):
                ET.SubElement(translation, "numerusform").text = text
        else:
            translation.text = text
        translation.attrib.pop("type", None)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print("no Hindi for:", source)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
