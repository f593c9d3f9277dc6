<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="hi_IN">
<context>
    <name>marquee::KioskWindow</name>
    <message>
        <source>Your seats were released because the time ran out. Please choose again.</source>
        <translation>समय समाप्त होने से आपकी सीटें छोड़ दी गईं। कृपया फिर से चुनें।</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>उच्च कंट्रास्ट</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation>‹ पीछे</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>फिर से शुरू करें</translation>
    </message>
    <message>
        <source>Still there?</source>
        <translation>क्या आप अभी भी यहाँ हैं?</translation>
    </message>
    <message>
        <source>Yes, I'm still here</source>
        <translation>हाँ, मैं यहाँ हूँ</translation>
    </message>
    <message>
        <source>Staff only: leave kiosk mode</source>
        <translation>केवल कर्मचारी: कियोस्क मोड छोड़ें</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>रद्द करें</translation>
    </message>
    <message numerus="yes">
        <source>%n seat(s) left</source>
        <translation>
            <numerusform>%n सीट बाकी</numerusform>
            <numerusform>%n सीट बाकी</numerusform>
        </translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>सभी बिक गईं</translation>
    </message>
    <message>
        <source>%1  %2
%3 · %4 %5 · %6</source>
        <translation>%1  %2
%3 · %4 %5 · %6</translation>
    </message>
    <message>
        <source>Buy your tickets here</source>
        <translation>अपने टिकट यहाँ खरीदें</translation>
    </message>
    <message>
        <source>Card payments only · Tickets print right here</source>
        <translation>केवल कार्ड से भुगतान · टिकट यहीं छपते हैं</translation>
    </message>
    <message>
        <source>Showing next</source>
        <translation>अगले शो</translation>
    </message>
    <message>
        <source>No more shows today. Please come back tomorrow.</source>
        <translation>आज और कोई शो नहीं है। कृपया कल आइए।</translation>
    </message>
    <message>
        <source>Touch to buy tickets</source>
        <translation>टिकट खरीदने के लिए छुएँ</translation>
    </message>
    <message>
        <source>Choose a film</source>
        <translation>फ़िल्म चुनें</translation>
    </message>
    <message>
        <source>%1 · %2 min · %3</source>
        <translation>%1 · %2 मिनट · %3</translation>
    </message>
    <message>
        <source>Next: %1</source>
        <translation>अगला: %1</translation>
    </message>
    <message>
        <source>%1: choose a time</source>
        <translation>%1: समय चुनें</translation>
    </message>
    <message>
        <source>%1
%2 · %3 %4
%5</source>
        <translation>%1
%2 · %3 %4
%5</translation>
    </message>
    <message>
        <source>There is no wheelchair space with companion seats left for this show.</source>
        <translation>इस शो में साथी सीटों के साथ व्हीलचेयर स्थान नहीं बचा है।</translation>
    </message>
    <message numerus="yes">
        <source>There are not %n seats left together for this show.</source>
        <translation>
            <numerusform>इस शो में %n सीटें एक साथ नहीं बची हैं।</numerusform>
            <numerusform>इस शो में %n सीटें एक साथ नहीं बची हैं।</numerusform>
        </translation>
    </message>
    <message>
        <source>Those seats were just taken. Please choose again.</source>
        <translation>वे सीटें अभी-अभी ले ली गईं। कृपया फिर से चुनें।</translation>
    </message>
    <message>
        <source>We could not seat everyone together; these are the best seats left.</source>
        <translation>सबको एक साथ नहीं बैठा सके; ये बची हुई सबसे अच्छी सीटें हैं।</translation>
    </message>
    <message>
        <source>This space is kept for wheelchair users and their companions. Turn on "Wheelchair space" to choose it.</source>
        <translation>यह स्थान व्हीलचेयर उपयोगकर्ताओं और उनके साथियों के लिए है। इसे चुनने के लिए "व्हीलचेयर स्थान" चालू करें।</translation>
    </message>
    <message>
        <source>That seat is taken. Please choose another.</source>
        <translation>वह सीट ले ली गई है। कृपया दूसरी चुनें।</translation>
    </message>
    <message>
        <source>Choose your seats</source>
        <translation>अपनी सीटें चुनें</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>टिकट</translation>
    </message>
    <message>
        <source>One ticket fewer</source>
        <translation>एक टिकट कम</translation>
    </message>
    <message>
        <source>One ticket more</source>
        <translation>एक टिकट ज़्यादा</translation>
    </message>
    <message>
        <source>Suggest the best seats</source>
        <translation>सबसे अच्छी सीटें सुझाएँ</translation>
    </message>
    <message>
        <source>Touch a seat to choose it.</source>
        <translation>सीट चुनने के लिए उसे छुएँ।</translation>
    </message>
    <message>
        <source>Your seats: %1</source>
        <translation>आपकी सीटें: %1</translation>
    </message>
    <message>
        <source>Touch seats on the map to change them.</source>
        <translation>बदलने के लिए नक्शे पर सीटें छुएँ।</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>आगे बढ़ें</translation>
    </message>
    <message>
        <source>Who are the tickets for?</source>
        <translation>टिकट किसके लिए हैं?</translation>
    </message>
    <message>
        <source>Total %1 (taxes included)</source>
        <translation>कुल %1 (कर सहित)</translation>
    </message>
    <message>
        <source>Pay %1 by card</source>
        <translation>कार्ड से %1 चुकाएँ</translation>
    </message>
    <message>
        <source>The ticket printer has run out of paper, so this machine cannot sell tickets right now. Nothing has been charged. Please buy your tickets at the box office.</source>
        <translation>टिकट प्रिंटर में कागज़ खत्म हो गया है, इसलिए यह मशीन अभी टिकट नहीं बेच सकती। कोई राशि नहीं ली गई। कृपया टिकट खिड़की से टिकट खरीदें।</translation>
    </message>
    <message>
        <source>The ticket printer is not working, so this machine cannot sell tickets right now. Nothing has been charged. Please buy your tickets at the box office.</source>
        <translation>टिकट प्रिंटर काम नहीं कर रहा, इसलिए यह मशीन अभी टिकट नहीं बेच सकती। कोई राशि नहीं ली गई। कृपया टिकट खिड़की से टिकट खरीदें।</translation>
    </message>
    <message>
        <source>Pay by card</source>
        <translation>कार्ड से भुगतान</translation>
    </message>
    <message>
        <source>Tap or insert your card on the reader below the screen</source>
        <translation>स्क्रीन के नीचे रीडर पर अपना कार्ड टैप करें या डालें</translation>
    </message>
    <message>
        <source>Processing your payment. Please wait and keep your card at hand.</source>
        <translation>आपका भुगतान हो रहा है। कृपया प्रतीक्षा करें और कार्ड पास रखें।</translation>
    </message>
    <message>
        <source>Your card was declined (%1). Nothing has been charged. Tap or insert another card, or start over.</source>
        <translation>आपका कार्ड अस्वीकार हुआ (%1)। कोई राशि नहीं ली गई। दूसरा कार्ड टैप करें या डालें, या फिर से शुरू करें।</translation>
    </message>
    <message>
        <source>Your seats are no longer kept. Nothing has been charged. Please start over.</source>
        <translation>आपकी सीटें अब रुकी नहीं हैं। कोई राशि नहीं ली गई। कृपया फिर से शुरू करें।</translation>
    </message>
    <message>
        <source>The machine is busy. Nothing has been charged. Please try again in a moment.</source>
        <translation>मशीन व्यस्त है। कोई राशि नहीं ली गई। कृपया थोड़ी देर में फिर कोशिश करें।</translation>
    </message>
    <message>
        <source>Contacting your bank. Please wait.</source>
        <translation>आपके बैंक से संपर्क हो रहा है। कृपया प्रतीक्षा करें।</translation>
    </message>
    <message>
        <source>Approved. Booking your seats.</source>
        <translation>स्वीकृत। आपकी सीटें बुक हो रही हैं।</translation>
    </message>
    <message>
        <source>Completing the payment.</source>
        <translation>भुगतान पूरा हो रहा है।</translation>
    </message>
    <message>
        <source>Cancelling the payment.</source>
        <translation>भुगतान रद्द हो रहा है।</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>अस्वीकृत</translation>
    </message>
    <message>
        <source>Your seats could not be kept, so the payment was cancelled and nothing has been charged. Please start over.</source>
        <translation>आपकी सीटें नहीं रोकी जा सकीं, इसलिए भुगतान रद्द हुआ और कोई राशि नहीं ली गई। कृपया फिर से शुरू करें।</translation>
    </message>
    <message>
        <source>We could not complete the payment. Any amount held on your card will be released. Please start over or buy at the box office.</source>
        <translation>भुगतान पूरा नहीं हो सका। आपके कार्ड पर रोकी गई राशि छोड़ दी जाएगी। कृपया फिर से शुरू करें या टिकट खिड़की से खरीदें।</translation>
    </message>
    <message>
        <source>Take your tickets</source>
        <translation>अपने टिकट ले लें</translation>
    </message>
    <message>
        <source>Booking %1</source>
        <translation>बुकिंग %1</translation>
    </message>
    <message>
        <source>Enjoy the film! Your receipt is printed with the tickets.</source>
        <translation>फ़िल्म का आनंद लें! रसीद टिकटों के साथ छपी है।</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>हो गया</translation>
    </message>
    <message>
        <source>Your tickets could not be printed</source>
        <translation>आपके टिकट छप नहीं सके</translation>
    </message>
    <message>
        <source>Don't worry: your seats are booked and paid for. Show this code at the box office and staff will print your tickets. They have already been told.</source>
        <translation>चिंता न करें: आपकी सीटें बुक हैं और भुगतान हो चुका है। टिकट खिड़की पर यह कोड दिखाएँ, कर्मचारी आपके टिकट छाप देंगे। उन्हें सूचना दे दी गई है।</translation>
    </message>
    <message>
        <source>Take a photo of this screen to keep the code.</source>
        <translation>कोड रखने के लिए इस स्क्रीन की फ़ोटो ले लें।</translation>
    </message>
    <message numerus="yes">
        <source>Touch the screen to carry on. Otherwise this sale will be cancelled in %n second(s).</source>
        <translation>
            <numerusform>जारी रखने के लिए स्क्रीन छुएँ। नहीं तो यह बिक्री %n सेकंड में रद्द हो जाएगी।</numerusform>
            <numerusform>जारी रखने के लिए स्क्रीन छुएँ। नहीं तो यह बिक्री %n सेकंड में रद्द हो जाएगी।</numerusform>
        </translation>
    </message>
    <message>
        <source>A manager's PIN is needed.</source>
        <translation>मैनेजर का PIN चाहिए।</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again later.</source>
        <translation>बहुत सारे गलत PIN। बाद में कोशिश करें।</translation>
    </message>
    <message>
        <source>Wrong PIN. The kiosk stays open.</source>
        <translation>गलत PIN। कियोस्क खुला रहेगा।</translation>
    </message>
    <message>
        <source>♿ Wheelchair space</source>
        <translation>♿ व्हीलचेयर स्थान</translation>
    </message>
    <message>
        <source>A space for a wheelchair, with companion seats beside it.</source>
        <translation>व्हीलचेयर के लिए स्थान, बगल में साथी सीटों के साथ।</translation>
    </message>
</context>
</TS>