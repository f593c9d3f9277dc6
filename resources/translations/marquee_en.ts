<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
            <translation type="unfinished" />
        </message>
        <message>
            <source>The database %1 cannot be opened: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tickets cannot be signed: %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>marquee::BookingLookupScreen</name>
        <message>
            <source>confirmed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>partly refunded</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>refunded</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Reference or ticket code:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>K7P3M-XQ9B2, or scan the ticket's QR code</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Type a booking reference or scan a ticket, then Enter</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Find</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Find the booking (Enter)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Or by s&amp;how and seat:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seat id, e.g. F12, then Enter</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Find &amp;seat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ticket type</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Price</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>State</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tick seats to refund or exchange only those (Space ticks); none ticked means all</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refund</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refund the ticked seats, or the whole booking (Ctrl+R)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reprint</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Print the tickets and receipt again (Ctrl+P)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Exchange…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Move the ticked seats to another show (Ctrl+E)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Back to schedule</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Back to the schedule (Esc)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This ticket code is NOT genuine: its signature does not match. Do not accept it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No booking %1. Check the reference and try again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seat %1 of that show is not booked.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 %4&lt;br&gt;Total %5, sold %6 by %7 · %8</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>booked</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The refund was not made: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 in cash</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 to the card</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refunded seats %1: give back %2. The seats are on sale again.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>marquee::KioskWindow</name>
        <message numerus="yes">
            <source>%n seat(s) left</source>
            <translation>
                <numerusform>%n seat left</numerusform>
                <numerusform>%n seats left</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Touch the screen to carry on. Otherwise this sale will be cancelled in %n second(s).</source>
            <translation>
                <numerusform>Touch the screen to carry on. Otherwise this sale will be cancelled in %n second.</numerusform>
                <numerusform>Touch the screen to carry on. Otherwise this sale will be cancelled in %n seconds.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>There are not %n seats left together for this show.</source>
            <translation>
                <numerusform>There is no seat left for this show.</numerusform>
                <numerusform>There are not %n seats left together for this show.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>marquee::MainWindow</name>
        <message numerus="yes">
            <source>%n change(s) waiting</source>
            <translation>
                <numerusform>%n change waiting</numerusform>
                <numerusform>%n changes waiting</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n sync problem(s) for a manager</source>
            <translation>
                <numerusform>%n sync problem for a manager</numerusform>
                <numerusform>%n sync problems for a manager</numerusform>
            </translation>
        </message>
        <message>
            <source>Cashier</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sold</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Exchanged into</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reprinted</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Exchange %1: choose the new show</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Marquee — %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;File</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Go</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;View</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Language</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Schedule</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Today's shows (F2)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Find booking</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Find a booking to reprint, refund or exchange (F3)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Dark mode</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Switch between light and dark colours (Ctrl+Shift+D)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Signed in: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Staff sign-in comes with the staff feature</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Database: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Standalone</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This counter sells from its own database, with no server</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Business day: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 %2: seats %3, total %4.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Change due: %1.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Printed to %1.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>PRINTING FAILED (%1): reprint from Find booking (F3).</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>marquee::PaymentDialog</name>
        <message>
            <source>Payment</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>To pay: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Card on the terminal</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Part paid by card; leave empty for cash only</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Approval code printed by the card terminal</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Card pays &amp;all</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The whole amount by card (Alt+A)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Card a&amp;mount:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A&amp;pproval code:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cash</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cash handed over by the customer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>E&amp;xact</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tendered: %1 (%2)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cash part:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Tendered:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Change:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Confirm sale</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Commit the booking and print tickets (Enter)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Back to the seats; nothing is charged (Esc)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The card amount must be between zero and %1.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Enter the approval code from the card terminal.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cash tendered must cover %1.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tendered: %1 (F%2)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>marquee::SalesScreen</name>
        <message>
            <source>Basket cleared; the seats are on sale again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time ran out: seats %1 were released and may be sold to someone else. No money was taken. Choose the seats again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Best seats</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Hold the best N seats together (Ctrl+B; on the map: a digit, then B)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>How many seats for Best seats</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ticket type</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Price</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tax</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Retry saving</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Pay</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Take payment for the basket (F9; Enter on the map)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>C&amp;lear basket</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Release every seat in the basket (Ctrl+Del)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Back to schedule</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Release the basket and go back to the schedule (Esc)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Click or Space: add/remove a seat. Drag: a block. Digit then B: best seats. Enter: pay. Ctrl+wheel: zoom.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This show cannot be opened: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 · %2 · %3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Exchange of booking %1: seats %2 (worth %3) are given back when the new seats are paid. Esc cancels the exchange.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No seats held.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seats held for %1 more. Hurry: take payment now or the seats are released.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seats held for %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The seats could not be held: %1</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Seat %1 was just taken elsewhere; choose another.</source>
            <translation>
                <numerusform>Seat %1 was just taken elsewhere; choose another.</numerusform>
                <numerusform>Seats %1 were just taken elsewhere; choose others.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>There are not %n free seats left for this show.</source>
            <translation>
                <numerusform>There is no free seat left for this show.</numerusform>
                <numerusform>There are not %n free seats left for this show.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>No %n seats together; the best seats were held apart.</source>
            <translation>
                <numerusform>No %n seat together; the best seat was held.</numerusform>
                <numerusform>No %n seats together; the best seats were held apart.</numerusform>
            </translation>
        </message>
        <message>
            <source>Ticket type for seat %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Total %1</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>including tax %1 · %n seat(s)</source>
            <translation>
                <numerusform>including tax %1 · %n seat</numerusform>
                <numerusform>including tax %1 · %n seats</numerusform>
            </translation>
        </message>
        <message>
            <source>Choose seats first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The basket cannot be priced: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The seats' hold ran out before the sale was saved, so there is NO booking. Give the customer's money back and choose seats again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The sale could not be saved (%1). Press Retry saving (F9); the customer is not charged twice.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Booked: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Pay %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>marquee::ScheduleModel</name>
        <message numerus="yes">
            <source>%1, %2, %n seats left</source>
            <translation>
                <numerusform>%1, %2, %n seat left</numerusform>
                <numerusform>%1, %2, %n seats left</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 at %2 on %3: %4 of %5 seats left. Press Enter to sell.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>marquee::ScheduleView</name>
        <message>
            <source>&amp;Date:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Business day to show (Alt+D)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>S&amp;creen:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All screens</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show one screen only (Alt+C)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Search film (just type)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Type anywhere in the grid to search by film; Esc clears</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Arrows move between shows, Enter sells the chosen show</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No shows match.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Today's shows · %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Shows of %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>marquee::SeatMapLegend</name>
        <message>
            <source>Seat map legend</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Available</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your selection</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Held by another sale</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Booked</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Blocked or not sellable</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not sellable offline</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Wheelchair space</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Companion seat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 (outline)</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>marquee::SeatMapWidget</name>
        <message>
            <source>Seat map</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>blocked</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>broken</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>selected</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>held by another sale</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>booked</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>not sellable</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>not sellable offline</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>available</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>wheelchair space</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>companion seat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Arrow keys move between seats, Space selects or releases the focused seat, a digit then B picks the best seats for that many people, Enter continues. Plus and minus zoom, 0 fits the whole screen.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seat %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SCREEN</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No seat layout</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Click a seat to select or release it, drag to select a block.
Ctrl+wheel or +/- zooms, 0 fits, wheel or middle-drag moves.
Arrows, Space, a digit then B for best seats, Enter to continue.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seat %1 · Row %2</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>marquee::ShowCellDelegate</name>
        <message>
            <source>SOLD OUT</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ALMOST FULL</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>started</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n left</source>
            <translation>
                <numerusform>%n left</numerusform>
                <numerusform>%n left</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>marquee::TicketPrinter</name>
        <message>
            <source>Cash</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Card</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Card (online)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Exchange credit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seat %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>incl. tax %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Booking %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tax id %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>RECEIPT</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seat %1, %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>refunded</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>tax %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Total</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>of which tax</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>approval %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>tendered</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>change</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refunded seats %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Served by %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Thank you. Enjoy the show!</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>
