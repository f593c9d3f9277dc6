#!/usr/bin/env python3
"""Fills marquee_hi.ts (Hindi) and the English plural forms of marquee_en.ts.

Run after `lupdate` (see ui/Translations.cmake, target update_translations) when strings
change; a translator's edits in Qt Linguist win: only empty translations are filled.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent

HI = {
    "Marquee": "मार्की",
    "The database %1 cannot be opened: %2": "डेटाबेस %1 नहीं खुल सका: %2",
    "Tickets cannot be signed: %1": "टिकटों पर हस्ताक्षर नहीं हो सकते: %1",
    "confirmed": "पुष्ट",
    "partly refunded": "आंशिक रूप से वापस",
    "refunded": "वापस किया गया",
    "&Reference or ticket code:": "संदर्भ या टिकट कोड (&R):",
    "K7P3M-XQ9B2, or scan the ticket's QR code": "K7P3M-XQ9B2, या टिकट का QR कोड स्कैन करें",
    "Type a booking reference or scan a ticket, then Enter": "बुकिंग संदर्भ लिखें या टिकट स्कैन करें, फिर Enter",
    "&Find": "खोजें (&F)",
    "Find the booking (Enter)": "बुकिंग खोजें (Enter)",
    "Or by s&how and seat:": "या शो और सीट से (&H):",
    "Seat": "सीट",
    "Seat id, e.g. F12, then Enter": "सीट संख्या, जैसे F12, फिर Enter",
    "Find &seat": "सीट खोजें (&S)",
    "Ticket type": "टिकट प्रकार",
    "Price": "मूल्य",
    "State": "स्थिति",
    "Tick seats to refund or exchange only those (Space ticks); none ticked means all":
        "केवल चुनी सीटें वापस या बदलने के लिए उन पर निशान लगाएँ (Space); कोई निशान नहीं तो सभी",
    "Refund": "धनवापसी",
    "Refund the ticked seats, or the whole booking (Ctrl+R)": "चुनी सीटों या पूरी बुकिंग की धनवापसी (Ctrl+R)",
    "Reprint": "फिर से छापें",
    "Print the tickets and receipt again (Ctrl+P)": "टिकट और रसीद फिर से छापें (Ctrl+P)",
    "Exchange…": "बदलें…",
    "Move the ticked seats to another show (Ctrl+E)": "चुनी सीटें दूसरे शो में बदलें (Ctrl+E)",
    "Back to schedule": "कार्यक्रम पर वापस",
    "Back to the schedule (Esc)": "कार्यक्रम पर वापस (Esc)",
    "This ticket code is NOT genuine: its signature does not match. Do not accept it.":
        "यह टिकट कोड असली नहीं है: हस्ताक्षर मेल नहीं खाता। इसे स्वीकार न करें।",
    "No booking %1. Check the reference and try again.": "बुकिंग %1 नहीं मिली। संदर्भ जाँचें और फिर कोशिश करें।",
    "Seat %1 of that show is not booked.": "उस शो की सीट %1 बुक नहीं है।",
    "<b>%1</b> · %2 · %3 %4<br>Total %5, sold %6 by %7 · %8": "<b>%1</b> · %2 · %3 %4<br>कुल %5, %6 को %7 द्वारा बेचा · %8",
    "booked": "बुक",
    "The refund was not made: %1": "धनवापसी नहीं हुई: %1",
    "%1 in cash": "%1 नकद",
    "%1 to the card": "%1 कार्ड पर",
    "Refunded seats %1: give back %2. The seats are on sale again.":
        "सीटें %1 वापस: %2 लौटाएँ। सीटें फिर से बिक्री पर हैं।",
    "Cashier": "कैशियर",
    "Sold": "बिका",
    "Exchanged into": "बदलकर",
    "Reprinted": "फिर से छापा",
    "Exchange %1: choose the new show": "बदलाव %1: नया शो चुनें",
    "Marquee — %1": "मार्की — %1",
    "&File": "फ़ाइल (&F)",
    "&Go": "जाएँ (&G)",
    "&View": "दृश्य (&V)",
    "&Language": "भाषा (&L)",
    "&Schedule": "कार्यक्रम (&S)",
    "Today's shows (F2)": "आज के शो (F2)",
    "&Find booking": "बुकिंग खोजें (&F)",
    "Find a booking to reprint, refund or exchange (F3)": "फिर से छापने, धनवापसी या बदलने के लिए बुकिंग खोजें (F3)",
    "&Dark mode": "गहरा रंग (&D)",
    "Switch between light and dark colours (Ctrl+Shift+D)": "हल्के और गहरे रंगों के बीच बदलें (Ctrl+Shift+D)",
    "&Quit": "बंद करें (&Q)",
    "Signed in: %1": "साइन इन: %1",
    "Staff sign-in comes with the staff feature": "कर्मचारी साइन-इन कर्मचारी सुविधा के साथ आएगा",
    "Database: %1": "डेटाबेस: %1",
    "Standalone": "स्वतंत्र",
    "This counter sells from its own database, with no server": "यह काउंटर बिना सर्वर के अपने डेटाबेस से बेचता है",
    "Business day: %1": "कारोबारी दिन: %1",
    "Shows of %1": "%1 के शो",
    "%1 %2: seats %3, total %4.": "%1 %2: सीटें %3, कुल %4।",
    "Change due: %1.": "लौटाने हैं: %1।",
    "Printed to %1.": "%1 पर छापा गया।",
    "PRINTING FAILED (%1): reprint from Find booking (F3).": "छपाई विफल (%1): बुकिंग खोजें (F3) से फिर छापें।",
    "Payment": "भुगतान",
    "Cancel": "रद्द करें",
    "To pay: %1": "देय: %1",
    "Card on the terminal": "टर्मिनल पर कार्ड",
    "Part paid by card; leave empty for cash only": "कार्ड से दिया गया भाग; केवल नकद के लिए खाली छोड़ें",
    "Approval code printed by the card terminal": "कार्ड टर्मिनल द्वारा छपा स्वीकृति कोड",
    "Card pays &all": "पूरा कार्ड से (&A)",
    "The whole amount by card (Alt+A)": "पूरी राशि कार्ड से (Alt+A)",
    "Card a&mount:": "कार्ड राशि (&M):",
    "A&pproval code:": "स्वीकृति कोड (&P):",
    "Cash": "नकद",
    "Cash handed over by the customer": "ग्राहक द्वारा दिया गया नकद",
    "E&xact": "सटीक (&X)",
    "Tendered: %1 (%2)": "दिए गए: %1 (%2)",
    "Cash part:": "नकद भाग:",
    "&Tendered:": "दिए गए (&T):",
    "Change:": "वापसी:",
    "&Confirm sale": "बिक्री पुष्ट करें (&C)",
    "Commit the booking and print tickets (Enter)": "बुकिंग सहेजें और टिकट छापें (Enter)",
    "Back to the seats; nothing is charged (Esc)": "सीटों पर वापस; कोई शुल्क नहीं (Esc)",
    "The card amount must be between zero and %1.": "कार्ड राशि शून्य और %1 के बीच होनी चाहिए।",
    "Enter the approval code from the card terminal.": "कार्ड टर्मिनल से स्वीकृति कोड डालें।",
    "Cash tendered must cover %1.": "दिया गया नकद कम से कम %1 होना चाहिए।",
    "Tendered: %1 (F%2)": "दिए गए: %1 (F%2)",
    "Basket cleared; the seats are on sale again.": "टोकरी खाली की गई; सीटें फिर से बिक्री पर हैं।",
    "Time ran out: seats %1 were released and may be sold to someone else. No money was taken. Choose the seats again.":
        "समय समाप्त: सीटें %1 छोड़ दी गईं और किसी और को बिक सकती हैं। कोई पैसा नहीं लिया गया। सीटें फिर से चुनें।",
    "&Best seats": "सबसे अच्छी सीटें (&B)",
    "Hold the best N seats together (Ctrl+B; on the map: a digit, then B)":
        "सबसे अच्छी N सीटें साथ में रोकें (Ctrl+B; नक्शे पर: एक अंक, फिर B)",
    "How many seats for Best seats": "सबसे अच्छी सीटों के लिए कितनी सीटें",
    "Tax": "कर",
    "&Retry saving": "फिर से सहेजें (&R)",
    "&Pay": "भुगतान (&P)",
    "&Pay %1": "%1 का भुगतान (&P)",
    "Today's shows · %1": "आज के शो · %1",
    "Take payment for the basket (F9; Enter on the map)": "टोकरी का भुगतान लें (F9; नक्शे पर Enter)",
    "C&lear basket": "टोकरी खाली करें (&L)",
    "Release every seat in the basket (Ctrl+Del)": "टोकरी की हर सीट छोड़ें (Ctrl+Del)",
    "Release the basket and go back to the schedule (Esc)": "टोकरी छोड़ें और कार्यक्रम पर वापस जाएँ (Esc)",
    "Click or Space: add/remove a seat. Drag: a block. Digit then B: best seats. Enter: pay. Ctrl+wheel: zoom.":
        "क्लिक या Space: सीट जोड़ें/हटाएँ। खींचें: एक ब्लॉक। अंक फिर B: सबसे अच्छी सीटें। Enter: भुगतान। Ctrl+पहिया: ज़ूम।",
    "Available": "उपलब्ध",
    "In this basket": "इस टोकरी में",
    "Held elsewhere": "कहीं और रोकी गई",
    "Not for sale": "बिक्री के लिए नहीं",
    "This show cannot be opened: %1": "यह शो नहीं खुल सका: %1",
    "%1 · %2 · %3": "%1 · %2 · %3",
    "Exchange of booking %1: seats %2 (worth %3) are given back when the new seats are paid. Esc cancels the exchange.":
        "बुकिंग %1 का बदलाव: नई सीटों का भुगतान होने पर सीटें %2 (मूल्य %3) वापस होंगी। Esc बदलाव रद्द करता है।",
    "No seats held.": "कोई सीट रोकी नहीं गई।",
    "Seats held for %1 more. Hurry: take payment now or the seats are released.":
        "सीटें %1 और रुकी हैं। जल्दी करें: अभी भुगतान लें वरना सीटें छूट जाएँगी।",
    "Seats held for %1": "सीटें %1 तक रुकी हैं",
    "The seats could not be held: %1": "सीटें रोकी नहीं जा सकीं: %1",
    "Ticket type for seat %1": "सीट %1 का टिकट प्रकार",
    "Total %1": "कुल %1",
    "Choose seats first.": "पहले सीटें चुनें।",
    "The basket cannot be priced: %1": "टोकरी का मूल्य नहीं निकल सका: %1",
    "The seats' hold ran out before the sale was saved, so there is NO booking. Give the customer's money back and choose seats again.":
        "बिक्री सहेजने से पहले सीटों का समय समाप्त हो गया, इसलिए कोई बुकिंग नहीं है। ग्राहक का पैसा लौटाएँ और सीटें फिर चुनें।",
    "The sale could not be saved (%1). Press Retry saving (F9); the customer is not charged twice.":
        "बिक्री सहेजी नहीं जा सकी (%1)। फिर से सहेजें (F9) दबाएँ; ग्राहक से दो बार शुल्क नहीं लिया जाएगा।",
    "Booked: %1": "बुक हुआ: %1",
    "%1 at %2 on %3: %4 of %5 seats left. Press Enter to sell.": "%1, %2 बजे, %3: %5 में से %4 सीटें बाकी। बेचने के लिए Enter दबाएँ।",
    "&Date:": "तारीख़ (&D):",
    "Business day to show (Alt+D)": "दिखाने के लिए कारोबारी दिन (Alt+D)",
    "S&creen:": "स्क्रीन (&C):",
    "All screens": "सभी स्क्रीन",
    "Show one screen only (Alt+C)": "केवल एक स्क्रीन दिखाएँ (Alt+C)",
    "Search film (just type)": "फ़िल्म खोजें (बस लिखें)",
    "Type anywhere in the grid to search by film; Esc clears": "फ़िल्म से खोजने के लिए ग्रिड में कहीं भी लिखें; Esc साफ़ करता है",
    "Arrows move between shows, Enter sells the chosen show": "तीर शो के बीच चलते हैं, Enter चुना शो बेचता है",
    "No shows match.": "कोई शो मेल नहीं खाता।",
    "Today's shows": "आज के शो",
    "Seat map": "सीट नक्शा",
    "SOLD OUT": "सब बिक गया",
    "ALMOST FULL": "लगभग भरा",
    "started": "शुरू हो गया",
    "Card": "कार्ड",
    "Card (online)": "कार्ड (ऑनलाइन)",
    "Exchange credit": "बदलाव क्रेडिट",
    "Seat %1": "सीट %1",
    "incl. tax %1": "कर %1 सहित",
    "Booking %1": "बुकिंग %1",
    "Tax id %1": "कर पहचान %1",
    "RECEIPT": "रसीद",
    "Seat %1, %2": "सीट %1, %2",
    "tax %1": "कर %1",
    "Total": "कुल",
    "of which tax": "जिसमें कर",
    "approval %1": "स्वीकृति %1",
    "tendered": "दिए गए",
    "change": "वापसी",
    "Refunded seats %1": "वापस की गई सीटें %1",
    "Served by %1": "सेवा: %1",
    "Thank you. Enjoy the show!": "धन्यवाद। शो का आनंद लें!",
    # The seat map and its legend.
    "%1 (outline)": "%1 (किनारा)",
    "Your selection": "आपका चयन",
    "Held by another sale": "दूसरी बिक्री में रुकी",
    "Booked": "बुक की गई",
    "Blocked or not sellable": "अवरुद्ध या बिक्री योग्य नहीं",
    "Not sellable offline": "ऑफ़लाइन बिक्री योग्य नहीं",
    "Wheelchair space": "व्हीलचेयर स्थान",
    "Companion seat": "साथी सीट",
    "Seat map legend": "सीट नक्शे की कुंजी",
    "No seat layout": "सीटों का नक्शा नहीं है",
    "SCREEN": "परदा",
    "Seat %1 · Row %2": "सीट %1 · पंक्ति %2",
    "available": "उपलब्ध",
    "selected": "चुनी गई",
    "held by another sale": "दूसरी बिक्री में रुकी",
    "booked": "बुक की गई",
    "not sellable": "बिक्री योग्य नहीं",
    "not sellable offline": "ऑफ़लाइन बिक्री योग्य नहीं",
    "blocked": "अवरुद्ध",
    "broken": "टूटी हुई",
    "wheelchair space": "व्हीलचेयर स्थान",
    "companion seat": "साथी सीट",
    "Click a seat to select or release it, drag to select a block.\n"
    "Ctrl+wheel or +/- zooms, 0 fits, wheel or middle-drag moves.\n"
    "Arrows, Space, a digit then B for best seats, Enter to continue.":
        "सीट चुनने या छोड़ने के लिए उस पर क्लिक करें, कई सीटों के लिए खींचें।\n"
        "Ctrl+व्हील या +/- से ज़ूम, 0 से पूरा नक्शा, व्हील या बीच का बटन खींचकर खिसकाएँ।\n"
        "तीर, Space, सबसे अच्छी सीटों के लिए अंक फिर B, आगे बढ़ने के लिए Enter।",
    "Arrow keys move between seats, Space selects or releases the focused seat, a digit then B picks the "
    "best seats for that many people, Enter continues. Plus and minus zoom, 0 fits the whole screen.":
        "तीर कुंजियाँ सीटों के बीच ले जाती हैं, Space चुनी हुई सीट को चुनता या छोड़ता है, अंक फिर B उतने लोगों "
        "के लिए सबसे अच्छी सीटें चुनता है, Enter आगे बढ़ाता है। प्लस और माइनस से ज़ूम, 0 से पूरा नक्शा।",
}

HI_PLURAL = {
    "Seat %1 was just taken elsewhere; choose another.":
        ["सीट %1 अभी कहीं और ली गई; दूसरी चुनें।", "सीटें %1 अभी कहीं और ली गईं; दूसरी चुनें।"],
    "There are not %n free seats left for this show.":
        ["इस शो के लिए %n खाली सीट नहीं बची।", "इस शो के लिए %n खाली सीटें नहीं बचीं।"],
    "No %n seats together; the best seats were held apart.":
        ["%n सीट साथ में नहीं; सबसे अच्छी सीटें अलग-अलग रोकी गईं।", "%n सीटें साथ में नहीं; सबसे अच्छी सीटें अलग-अलग रोकी गईं।"],
    "including tax %1 · %n seat(s)": ["कर %1 सहित · %n सीट", "कर %1 सहित · %n सीटें"],
    "%1, %2, %n seats left": ["%1, %2, %n सीट बाकी", "%1, %2, %n सीटें बाकी"],
    "%n left": ["%n बाकी", "%n बाकी"],
}

EN_PLURAL = {
    "Seat %1 was just taken elsewhere; choose another.":
        ["Seat %1 was just taken elsewhere; choose another.", "Seats %1 were just taken elsewhere; choose others."],
    "There are not %n free seats left for this show.":
        ["There is no free seat left for this show.", "There are not %n free seats left for this show."],
    "No %n seats together; the best seats were held apart.":
        ["No %n seat together; the best seat was held.", "No %n seats together; the best seats were held apart."],
    "including tax %1 · %n seat(s)": ["including tax %1 · %n seat", "including tax %1 · %n seats"],
    "%1, %2, %n seats left": ["%1, %2, %n seat left", "%1, %2, %n seats left"],
    "%n left": ["%n left", "%n left"],
}


def fill(path, singular, plural):
    tree = ET.parse(path)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.find("source").text
        translation = message.find("translation")
        if message.get("numerus") == "yes":
            forms = translation.findall("numerusform")
            if any(f.text for f in forms):
                continue
            if source in plural:
                for f in forms:
                    translation.remove(f)
                for text in plural[source]:
                    ET.SubElement(translation, "numerusform").text = text
                translation.attrib.pop("type", None)
            else:
                missing.append(source)
            continue
        if translation.text:
            continue
        if source in singular:
            translation.text = singular[source]
            translation.attrib.pop("type", None)
        elif singular:
            missing.append(source)
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return missing


if __name__ == "__main__":
    left = fill(HERE / "marquee_hi.ts", HI, HI_PLURAL)
    fill(HERE / "marquee_en.ts", {}, EN_PLURAL)
    for source in left:
        print("untranslated (hi):", source, file=sys.stderr)
