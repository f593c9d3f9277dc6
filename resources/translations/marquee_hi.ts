<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="hi_IN">
    <context>
        <name>main</name>
        <message>
            <source>Marquee box-office counter</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Use the demo cinema's database (made on first use).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Use this SQLite database file.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Name of the cashier.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Print tickets to PDFs in this folder.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Language of the screens: en or hi.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Dark colours.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save screenshots of the main screens into this folder, then quit.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Print the start-up time and quit once the schedule is shown (benchmarks).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pretend it is this UTC time, e.g. 2026-12-03T03:00:00Z (demos and screenshots; the clock then runs from there).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Marquee</source>
            <translation>मार्की</translation>
        </message>
        <message>
            <source>The database %1 cannot be opened: %2</source>
            <translation>डेटाबेस %1 नहीं खुल सका: %2</translation>
        </message>
        <message>
            <source>Tickets cannot be signed: %1</source>
            <translation>टिकटों पर हस्ताक्षर नहीं हो सकते: %1</translation>
        </message>
    </context>
    <context>
        <name>marquee::BookingLookupScreen</name>
        <message>
            <source>confirmed</source>
            <translation>पुष्ट</translation>
        </message>
        <message>
            <source>partly refunded</source>
            <translation>आंशिक रूप से वापस</translation>
        </message>
        <message>
            <source>refunded</source>
            <translation>वापस किया गया</translation>
        </message>
        <message>
            <source>&amp;Reference or ticket code:</source>
            <translation>संदर्भ या टिकट कोड (&amp;R):</translation>
        </message>
        <message>
            <source>K7P3M-XQ9B2, or scan the ticket's QR code</source>
            <translation>K7P3M-XQ9B2, या टिकट का QR कोड स्कैन करें</translation>
        </message>
        <message>
            <source>Type a booking reference or scan a ticket, then Enter</source>
            <translation>बुकिंग संदर्भ लिखें या टिकट स्कैन करें, फिर Enter</translation>
        </message>
        <message>
            <source>&amp;Find</source>
            <translation>खोजें (&amp;F)</translation>
        </message>
        <message>
            <source>Find the booking (Enter)</source>
            <translation>बुकिंग खोजें (Enter)</translation>
        </message>
        <message>
            <source>Or by s&amp;how and seat:</source>
            <translation>या शो और सीट से (&amp;H):</translation>
        </message>
        <message>
            <source>Seat</source>
            <translation>सीट</translation>
        </message>
        <message>
            <source>Seat id, e.g. F12, then Enter</source>
            <translation>सीट संख्या, जैसे F12, फिर Enter</translation>
        </message>
        <message>
            <source>Find &amp;seat</source>
            <translation>सीट खोजें (&amp;S)</translation>
        </message>
        <message>
            <source>Ticket type</source>
            <translation>टिकट प्रकार</translation>
        </message>
        <message>
            <source>Price</source>
            <translation>मूल्य</translation>
        </message>
        <message>
            <source>State</source>
            <translation>स्थिति</translation>
        </message>
        <message>
            <source>Tick seats to refund or exchange only those (Space ticks); none ticked means all</source>
            <translation>केवल चुनी सीटें वापस या बदलने के लिए उन पर निशान लगाएँ (Space); कोई निशान नहीं तो सभी</translation>
        </message>
        <message>
            <source>Refund</source>
            <translation>धनवापसी</translation>
        </message>
        <message>
            <source>Refund the ticked seats, or the whole booking (Ctrl+R)</source>
            <translation>चुनी सीटों या पूरी बुकिंग की धनवापसी (Ctrl+R)</translation>
        </message>
        <message>
            <source>Reprint</source>
            <translation>फिर से छापें</translation>
        </message>
        <message>
            <source>Print the tickets and receipt again (Ctrl+P)</source>
            <translation>टिकट और रसीद फिर से छापें (Ctrl+P)</translation>
        </message>
        <message>
            <source>Exchange…</source>
            <translation>बदलें…</translation>
        </message>
        <message>
            <source>Move the ticked seats to another show (Ctrl+E)</source>
            <translation>चुनी सीटें दूसरे शो में बदलें (Ctrl+E)</translation>
        </message>
        <message>
            <source>Back to schedule</source>
            <translation>कार्यक्रम पर वापस</translation>
        </message>
        <message>
            <source>Back to the schedule (Esc)</source>
            <translation>कार्यक्रम पर वापस (Esc)</translation>
        </message>
        <message>
            <source>This ticket code is NOT genuine: its signature does not match. Do not accept it.</source>
            <translation>यह टिकट कोड असली नहीं है: हस्ताक्षर मेल नहीं खाता। इसे स्वीकार न करें।</translation>
        </message>
        <message>
            <source>No booking %1. Check the reference and try again.</source>
            <translation>बुकिंग %1 नहीं मिली। संदर्भ जाँचें और फिर कोशिश करें।</translation>
        </message>
        <message>
            <source>Seat %1 of that show is not booked.</source>
            <translation>उस शो की सीट %1 बुक नहीं है।</translation>
        </message>
        <message>
            <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 %4&lt;br&gt;Total %5, sold %6 by %7 · %8</source>
            <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 %4&lt;br&gt;कुल %5, %6 को %7 द्वारा बेचा · %8</translation>
        </message>
        <message>
            <source>booked</source>
            <translation>बुक</translation>
        </message>
        <message>
            <source>The refund was not made: %1</source>
            <translation>धनवापसी नहीं हुई: %1</translation>
        </message>
        <message>
            <source>%1 in cash</source>
            <translation>%1 नकद</translation>
        </message>
        <message>
            <source>%1 to the card</source>
            <translation>%1 कार्ड पर</translation>
        </message>
        <message>
            <source>Refunded seats %1: give back %2. The seats are on sale again.</source>
            <translation>सीटें %1 वापस: %2 लौटाएँ। सीटें फिर से बिक्री पर हैं।</translation>
        </message>
    </context>
    <context>
        <name>marquee::MainWindow</name>
        <message>
            <source>Cashier</source>
            <translation>कैशियर</translation>
        </message>
        <message>
            <source>Sold</source>
            <translation>बिका</translation>
        </message>
        <message>
            <source>Exchanged into</source>
            <translation>बदलकर</translation>
        </message>
        <message>
            <source>Reprinted</source>
            <translation>फिर से छापा</translation>
        </message>
        <message>
            <source>Exchange %1: choose the new show</source>
            <translation>बदलाव %1: नया शो चुनें</translation>
        </message>
        <message>
            <source>Marquee — %1</source>
            <translation>मार्की — %1</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>फ़ाइल (&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Go</source>
            <translation>जाएँ (&amp;G)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>दृश्य (&amp;V)</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>भाषा (&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Schedule</source>
            <translation>कार्यक्रम (&amp;S)</translation>
        </message>
        <message>
            <source>Today's shows (F2)</source>
            <translation>आज के शो (F2)</translation>
        </message>
        <message>
            <source>&amp;Find booking</source>
            <translation>बुकिंग खोजें (&amp;F)</translation>
        </message>
        <message>
            <source>Find a booking to reprint, refund or exchange (F3)</source>
            <translation>फिर से छापने, धनवापसी या बदलने के लिए बुकिंग खोजें (F3)</translation>
        </message>
        <message>
            <source>&amp;Dark mode</source>
            <translation>गहरा रंग (&amp;D)</translation>
        </message>
        <message>
            <source>Switch between light and dark colours (Ctrl+Shift+D)</source>
            <translation>हल्के और गहरे रंगों के बीच बदलें (Ctrl+Shift+D)</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>बंद करें (&amp;Q)</translation>
        </message>
        <message>
            <source>Signed in: %1</source>
            <translation>साइन इन: %1</translation>
        </message>
        <message>
            <source>Staff sign-in comes with the staff feature</source>
            <translation>कर्मचारी साइन-इन कर्मचारी सुविधा के साथ आएगा</translation>
        </message>
        <message>
            <source>Database: %1</source>
            <translation>डेटाबेस: %1</translation>
        </message>
        <message>
            <source>Standalone</source>
            <translation>स्वतंत्र</translation>
        </message>
        <message>
            <source>This counter sells from its own database, with no server</source>
            <translation>यह काउंटर बिना सर्वर के अपने डेटाबेस से बेचता है</translation>
        </message>
        <message>
            <source>Business day: %1</source>
            <translation>कारोबारी दिन: %1</translation>
        </message>
        <message>
            <source>%1 %2: seats %3, total %4.</source>
            <translation>%1 %2: सीटें %3, कुल %4।</translation>
        </message>
        <message>
            <source>Change due: %1.</source>
            <translation>लौटाने हैं: %1।</translation>
        </message>
        <message>
            <source>Printed to %1.</source>
            <translation>%1 पर छापा गया।</translation>
        </message>
        <message>
            <source>PRINTING FAILED (%1): reprint from Find booking (F3).</source>
            <translation>छपाई विफल (%1): बुकिंग खोजें (F3) से फिर छापें।</translation>
        </message>
    </context>
    <context>
        <name>marquee::PaymentDialog</name>
        <message>
            <source>Payment</source>
            <translation>भुगतान</translation>
        </message>
        <message>
            <source>To pay: %1</source>
            <translation>देय: %1</translation>
        </message>
        <message>
            <source>Card on the terminal</source>
            <translation>टर्मिनल पर कार्ड</translation>
        </message>
        <message>
            <source>Part paid by card; leave empty for cash only</source>
            <translation>कार्ड से दिया गया भाग; केवल नकद के लिए खाली छोड़ें</translation>
        </message>
        <message>
            <source>Approval code printed by the card terminal</source>
            <translation>कार्ड टर्मिनल द्वारा छपा स्वीकृति कोड</translation>
        </message>
        <message>
            <source>Card pays &amp;all</source>
            <translation>पूरा कार्ड से (&amp;A)</translation>
        </message>
        <message>
            <source>The whole amount by card (Alt+A)</source>
            <translation>पूरी राशि कार्ड से (Alt+A)</translation>
        </message>
        <message>
            <source>Card a&amp;mount:</source>
            <translation>कार्ड राशि (&amp;M):</translation>
        </message>
        <message>
            <source>A&amp;pproval code:</source>
            <translation>स्वीकृति कोड (&amp;P):</translation>
        </message>
        <message>
            <source>Cash</source>
            <translation>नकद</translation>
        </message>
        <message>
            <source>Cash handed over by the customer</source>
            <translation>ग्राहक द्वारा दिया गया नकद</translation>
        </message>
        <message>
            <source>E&amp;xact</source>
            <translation>सटीक (&amp;X)</translation>
        </message>
        <message>
            <source>Tendered: %1 (%2)</source>
            <translation>दिए गए: %1 (%2)</translation>
        </message>
        <message>
            <source>Cash part:</source>
            <translation>नकद भाग:</translation>
        </message>
        <message>
            <source>&amp;Tendered:</source>
            <translation>दिए गए (&amp;T):</translation>
        </message>
        <message>
            <source>Change:</source>
            <translation>वापसी:</translation>
        </message>
        <message>
            <source>&amp;Confirm sale</source>
            <translation>बिक्री पुष्ट करें (&amp;C)</translation>
        </message>
        <message>
            <source>Commit the booking and print tickets (Enter)</source>
            <translation>बुकिंग सहेजें और टिकट छापें (Enter)</translation>
        </message>
        <message>
            <source>Back to the seats; nothing is charged (Esc)</source>
            <translation>सीटों पर वापस; कोई शुल्क नहीं (Esc)</translation>
        </message>
        <message>
            <source>The card amount must be between zero and %1.</source>
            <translation>कार्ड राशि शून्य और %1 के बीच होनी चाहिए।</translation>
        </message>
        <message>
            <source>Enter the approval code from the card terminal.</source>
            <translation>कार्ड टर्मिनल से स्वीकृति कोड डालें।</translation>
        </message>
        <message>
            <source>Cash tendered must cover %1.</source>
            <translation>दिया गया नकद कम से कम %1 होना चाहिए।</translation>
        </message>
        <message>
            <source>Tendered: %1 (F%2)</source>
            <translation>दिए गए: %1 (F%2)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>रद्द करें</translation>
        </message>
    </context>
    <context>
        <name>marquee::SalesScreen</name>
        <message>
            <source>Basket cleared; the seats are on sale again.</source>
            <translation>टोकरी खाली की गई; सीटें फिर से बिक्री पर हैं।</translation>
        </message>
        <message>
            <source>Time ran out: seats %1 were released and may be sold to someone else. No money was taken. Choose the seats again.</source>
            <translation>समय समाप्त: सीटें %1 छोड़ दी गईं और किसी और को बिक सकती हैं। कोई पैसा नहीं लिया गया। सीटें फिर से चुनें।</translation>
        </message>
        <message>
            <source>&amp;Best seats</source>
            <translation>सबसे अच्छी सीटें (&amp;B)</translation>
        </message>
        <message>
            <source>Hold the best N seats together (Ctrl+B; on the map: a digit, then B)</source>
            <translation>सबसे अच्छी N सीटें साथ में रोकें (Ctrl+B; नक्शे पर: एक अंक, फिर B)</translation>
        </message>
        <message>
            <source>How many seats for Best seats</source>
            <translation>सबसे अच्छी सीटों के लिए कितनी सीटें</translation>
        </message>
        <message>
            <source>Seat</source>
            <translation>सीट</translation>
        </message>
        <message>
            <source>Ticket type</source>
            <translation>टिकट प्रकार</translation>
        </message>
        <message>
            <source>Price</source>
            <translation>मूल्य</translation>
        </message>
        <message>
            <source>Tax</source>
            <translation>कर</translation>
        </message>
        <message>
            <source>&amp;Retry saving</source>
            <translation>फिर से सहेजें (&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Pay</source>
            <translation>भुगतान (&amp;P)</translation>
        </message>
        <message>
            <source>Take payment for the basket (F9; Enter on the map)</source>
            <translation>टोकरी का भुगतान लें (F9; नक्शे पर Enter)</translation>
        </message>
        <message>
            <source>C&amp;lear basket</source>
            <translation>टोकरी खाली करें (&amp;L)</translation>
        </message>
        <message>
            <source>Release every seat in the basket (Ctrl+Del)</source>
            <translation>टोकरी की हर सीट छोड़ें (Ctrl+Del)</translation>
        </message>
        <message>
            <source>Back to schedule</source>
            <translation>कार्यक्रम पर वापस</translation>
        </message>
        <message>
            <source>Release the basket and go back to the schedule (Esc)</source>
            <translation>टोकरी छोड़ें और कार्यक्रम पर वापस जाएँ (Esc)</translation>
        </message>
        <message>
            <source>Click or Space: add/remove a seat. Drag: a block. Digit then B: best seats. Enter: pay. Ctrl+wheel: zoom.</source>
            <translation>क्लिक या Space: सीट जोड़ें/हटाएँ। खींचें: एक ब्लॉक। अंक फिर B: सबसे अच्छी सीटें। Enter: भुगतान। Ctrl+पहिया: ज़ूम।</translation>
        </message>
        <message>
            <source>This show cannot be opened: %1</source>
            <translation>यह शो नहीं खुल सका: %1</translation>
        </message>
        <message>
            <source>%1 · %2 · %3</source>
            <translation>%1 · %2 · %3</translation>
        </message>
        <message>
            <source>Exchange of booking %1: seats %2 (worth %3) are given back when the new seats are paid. Esc cancels the exchange.</source>
            <translation>बुकिंग %1 का बदलाव: नई सीटों का भुगतान होने पर सीटें %2 (मूल्य %3) वापस होंगी। Esc बदलाव रद्द करता है।</translation>
        </message>
        <message>
            <source>No seats held.</source>
            <translation>कोई सीट रोकी नहीं गई।</translation>
        </message>
        <message>
            <source>Seats held for %1 more. Hurry: take payment now or the seats are released.</source>
            <translation>सीटें %1 और रुकी हैं। जल्दी करें: अभी भुगतान लें वरना सीटें छूट जाएँगी।</translation>
        </message>
        <message>
            <source>Seats held for %1</source>
            <translation>सीटें %1 तक रुकी हैं</translation>
        </message>
        <message>
            <source>The seats could not be held: %1</source>
            <translation>सीटें रोकी नहीं जा सकीं: %1</translation>
        </message>
        <message numerus="yes">
            <source>Seat %1 was just taken elsewhere; choose another.</source>
            <translation>
                <numerusform>सीट %1 अभी कहीं और ली गई; दूसरी चुनें।</numerusform>
                <numerusform>सीटें %1 अभी कहीं और ली गईं; दूसरी चुनें।</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>There are not %n free seats left for this show.</source>
            <translation>
                <numerusform>इस शो के लिए %n खाली सीट नहीं बची।</numerusform>
                <numerusform>इस शो के लिए %n खाली सीटें नहीं बचीं।</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>No %n seats together; the best seats were held apart.</source>
            <translation>
                <numerusform>%n सीट साथ में नहीं; सबसे अच्छी सीटें अलग-अलग रोकी गईं।</numerusform>
                <numerusform>%n सीटें साथ में नहीं; सबसे अच्छी सीटें अलग-अलग रोकी गईं।</numerusform>
            </translation>
        </message>
        <message>
            <source>Ticket type for seat %1</source>
            <translation>सीट %1 का टिकट प्रकार</translation>
        </message>
        <message>
            <source>Total %1</source>
            <translation>कुल %1</translation>
        </message>
        <message numerus="yes">
            <source>including tax %1 · %n seat(s)</source>
            <translation>
                <numerusform>कर %1 सहित · %n सीट</numerusform>
                <numerusform>कर %1 सहित · %n सीटें</numerusform>
            </translation>
        </message>
        <message>
            <source>Choose seats first.</source>
            <translation>पहले सीटें चुनें।</translation>
        </message>
        <message>
            <source>The basket cannot be priced: %1</source>
            <translation>टोकरी का मूल्य नहीं निकल सका: %1</translation>
        </message>
        <message>
            <source>The seats' hold ran out before the sale was saved, so there is NO booking. Give the customer's money back and choose seats again.</source>
            <translation>बिक्री सहेजने से पहले सीटों का समय समाप्त हो गया, इसलिए कोई बुकिंग नहीं है। ग्राहक का पैसा लौटाएँ और सीटें फिर चुनें।</translation>
        </message>
        <message>
            <source>The sale could not be saved (%1). Press Retry saving (F9); the customer is not charged twice.</source>
            <translation>बिक्री सहेजी नहीं जा सकी (%1)। फिर से सहेजें (F9) दबाएँ; ग्राहक से दो बार शुल्क नहीं लिया जाएगा।</translation>
        </message>
        <message>
            <source>Booked: %1</source>
            <translation>बुक हुआ: %1</translation>
        </message>
        <message>
            <source>&amp;Pay %1</source>
            <translation>%1 का भुगतान (&amp;P)</translation>
        </message>
    </context>
    <context>
        <name>marquee::ScheduleModel</name>
        <message numerus="yes">
            <source>%1, %2, %n seats left</source>
            <translation>
                <numerusform>%1, %2, %n सीट बाकी</numerusform>
                <numerusform>%1, %2, %n सीटें बाकी</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 at %2 on %3: %4 of %5 seats left. Press Enter to sell.</source>
            <translation>%1, %2 बजे, %3: %5 में से %4 सीटें बाकी। बेचने के लिए Enter दबाएँ।</translation>
        </message>
    </context>
    <context>
        <name>marquee::ScheduleView</name>
        <message>
            <source>&amp;Date:</source>
            <translation>तारीख़ (&amp;D):</translation>
        </message>
        <message>
            <source>Business day to show (Alt+D)</source>
            <translation>दिखाने के लिए कारोबारी दिन (Alt+D)</translation>
        </message>
        <message>
            <source>S&amp;creen:</source>
            <translation>स्क्रीन (&amp;C):</translation>
        </message>
        <message>
            <source>All screens</source>
            <translation>सभी स्क्रीन</translation>
        </message>
        <message>
            <source>Show one screen only (Alt+C)</source>
            <translation>केवल एक स्क्रीन दिखाएँ (Alt+C)</translation>
        </message>
        <message>
            <source>Search film (just type)</source>
            <translation>फ़िल्म खोजें (बस लिखें)</translation>
        </message>
        <message>
            <source>Type anywhere in the grid to search by film; Esc clears</source>
            <translation>फ़िल्म से खोजने के लिए ग्रिड में कहीं भी लिखें; Esc साफ़ करता है</translation>
        </message>
        <message>
            <source>Arrows move between shows, Enter sells the chosen show</source>
            <translation>तीर शो के बीच चलते हैं, Enter चुना शो बेचता है</translation>
        </message>
        <message>
            <source>No shows match.</source>
            <translation>कोई शो मेल नहीं खाता।</translation>
        </message>
        <message>
            <source>Today's shows · %1</source>
            <translation>आज के शो · %1</translation>
        </message>
        <message>
            <source>Shows of %1</source>
            <translation type="unfinished">%1 के शो</translation>
        </message>
    </context>
    <context>
        <name>marquee::SeatMapLegend</name>
        <message>
            <source>Seat map legend</source>
            <translation>सीट नक्शे की कुंजी</translation>
        </message>
        <message>
            <source>Available</source>
            <translation>उपलब्ध</translation>
        </message>
        <message>
            <source>Your selection</source>
            <translation>आपका चयन</translation>
        </message>
        <message>
            <source>Held by another sale</source>
            <translation>दूसरी बिक्री में रुकी</translation>
        </message>
        <message>
            <source>Booked</source>
            <translation>बुक की गई</translation>
        </message>
        <message>
            <source>Blocked or not sellable</source>
            <translation>अवरुद्ध या बिक्री योग्य नहीं</translation>
        </message>
        <message>
            <source>Not sellable offline</source>
            <translation>ऑफ़लाइन बिक्री योग्य नहीं</translation>
        </message>
        <message>
            <source>Wheelchair space</source>
            <translation>व्हीलचेयर स्थान</translation>
        </message>
        <message>
            <source>Companion seat</source>
            <translation>साथी सीट</translation>
        </message>
        <message>
            <source>%1 (outline)</source>
            <translation>%1 (किनारा)</translation>
        </message>
    </context>
    <context>
        <name>marquee::SeatMapWidget</name>
        <message>
            <source>Seat map</source>
            <translation>सीट नक्शा</translation>
        </message>
        <message>
            <source>blocked</source>
            <translation>अवरुद्ध</translation>
        </message>
        <message>
            <source>broken</source>
            <translation>टूटी हुई</translation>
        </message>
        <message>
            <source>selected</source>
            <translation>चुनी गई</translation>
        </message>
        <message>
            <source>held by another sale</source>
            <translation>दूसरी बिक्री में रुकी</translation>
        </message>
        <message>
            <source>booked</source>
            <translation>बुक की गई</translation>
        </message>
        <message>
            <source>not sellable</source>
            <translation>बिक्री योग्य नहीं</translation>
        </message>
        <message>
            <source>not sellable offline</source>
            <translation>ऑफ़लाइन बिक्री योग्य नहीं</translation>
        </message>
        <message>
            <source>available</source>
            <translation>उपलब्ध</translation>
        </message>
        <message>
            <source>wheelchair space</source>
            <translation>व्हीलचेयर स्थान</translation>
        </message>
        <message>
            <source>companion seat</source>
            <translation>साथी सीट</translation>
        </message>
        <message>
            <source>Arrow keys move between seats, Space selects or releases the focused seat, a digit then B picks the best seats for that many people, Enter continues. Plus and minus zoom, 0 fits the whole screen.</source>
            <translation>तीर कुंजियाँ सीटों के बीच ले जाती हैं, Space चुनी हुई सीट को चुनता या छोड़ता है, अंक फिर B उतने लोगों के लिए सबसे अच्छी सीटें चुनता है, Enter आगे बढ़ाता है। प्लस और माइनस से ज़ूम, 0 से पूरा नक्शा।</translation>
        </message>
        <message>
            <source>Seat %1</source>
            <translation>सीट %1</translation>
        </message>
        <message>
            <source>SCREEN</source>
            <translation>परदा</translation>
        </message>
        <message>
            <source>No seat layout</source>
            <translation>सीटों का नक्शा नहीं है</translation>
        </message>
        <message>
            <source>Click a seat to select or release it, drag to select a block.
Ctrl+wheel or +/- zooms, 0 fits, wheel or middle-drag moves.
Arrows, Space, a digit then B for best seats, Enter to continue.</source>
            <translation>सीट चुनने या छोड़ने के लिए उस पर क्लिक करें, कई सीटों के लिए खींचें।
Ctrl+व्हील या +/- से ज़ूम, 0 से पूरा नक्शा, व्हील या बीच का बटन खींचकर खिसकाएँ।
तीर, Space, सबसे अच्छी सीटों के लिए अंक फिर B, आगे बढ़ने के लिए Enter।</translation>
        </message>
        <message>
            <source>Seat %1 · Row %2</source>
            <translation>सीट %1 · पंक्ति %2</translation>
        </message>
    </context>
    <context>
        <name>marquee::ShowCellDelegate</name>
        <message>
            <source>SOLD OUT</source>
            <translation>सब बिक गया</translation>
        </message>
        <message>
            <source>ALMOST FULL</source>
            <translation>लगभग भरा</translation>
        </message>
        <message>
            <source>started</source>
            <translation>शुरू हो गया</translation>
        </message>
        <message numerus="yes">
            <source>%n left</source>
            <translation>
                <numerusform>%n बाकी</numerusform>
                <numerusform>%n बाकी</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>marquee::TicketPrinter</name>
        <message>
            <source>Cash</source>
            <translation>नकद</translation>
        </message>
        <message>
            <source>Card</source>
            <translation>कार्ड</translation>
        </message>
        <message>
            <source>Card (online)</source>
            <translation>कार्ड (ऑनलाइन)</translation>
        </message>
        <message>
            <source>Exchange credit</source>
            <translation>बदलाव क्रेडिट</translation>
        </message>
        <message>
            <source>Seat %1</source>
            <translation>सीट %1</translation>
        </message>
        <message>
            <source>incl. tax %1</source>
            <translation>कर %1 सहित</translation>
        </message>
        <message>
            <source>Booking %1</source>
            <translation>बुकिंग %1</translation>
        </message>
        <message>
            <source>Tax id %1</source>
            <translation>कर पहचान %1</translation>
        </message>
        <message>
            <source>RECEIPT</source>
            <translation>रसीद</translation>
        </message>
        <message>
            <source>Seat %1, %2</source>
            <translation>सीट %1, %2</translation>
        </message>
        <message>
            <source>refunded</source>
            <translation>वापस किया गया</translation>
        </message>
        <message>
            <source>tax %1</source>
            <translation>कर %1</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>कुल</translation>
        </message>
        <message>
            <source>of which tax</source>
            <translation>जिसमें कर</translation>
        </message>
        <message>
            <source>approval %1</source>
            <translation>स्वीकृति %1</translation>
        </message>
        <message>
            <source>tendered</source>
            <translation>दिए गए</translation>
        </message>
        <message>
            <source>change</source>
            <translation>वापसी</translation>
        </message>
        <message>
            <source>Refunded seats %1</source>
            <translation>वापस की गई सीटें %1</translation>
        </message>
        <message>
            <source>Served by %1</source>
            <translation>सेवा: %1</translation>
        </message>
        <message>
            <source>Thank you. Enjoy the show!</source>
            <translation>धन्यवाद। शो का आनंद लें!</translation>
        </message>
    </context>
</TS>
