# The desktop app's own texts: screens, buttons and labels.

ui-title = Checkup
ui-tagline = Find out why something on your computer does not work, and what you can do about it.
ui-check-all = Check my computer
ui-symptoms-heading = Or start from what is wrong
ui-symptom-online = I can't get online
ui-symptom-website = A website or app won't load
ui-symptom-print = I can't print
ui-symptom-slow = My disk is full or my computer is slow
ui-website-label = Web address (optional)
ui-website-hint = For example intranet.example.com
ui-open-report = Open a report someone sent you
ui-contact = Your support team: { $contact }
ui-running-heading = Checking your computer…
ui-progress = { $done } of { $total } checks done.
ui-waiting = Waiting
ui-running = Checking
ui-cancel = Cancel
ui-cancelled = Checking was stopped. These are the results so far.
ui-results-heading = Results
ui-what-to-try = What you can try
ui-check-again = Check again
ui-start-over = Back to the start
ui-all-results = Everything we checked
ui-technical-details = Technical details
ui-report-button = Create a report for support
ui-report-heading = Report for your support team
ui-reference = Reference code
ui-reference-hint = Read this code to your support team over the phone.
ui-report-contains = The report contains every result above, with its technical details, and Checkup's own log of this check.
ui-report-hidden = To protect your privacy, these were hidden before anything is saved:
ui-report-nothing-hidden = Nothing personal was found to hide.
ui-report-preview = See exactly what will be shared
ui-report-preview-summary = The summary (summary.txt)
ui-report-preview-page = The report page (report.html)
ui-save = Save the report
ui-copy = Copy the summary
ui-copied = The summary is copied. You can paste it into an e-mail or chat.
ui-saved = The report was saved to { $path }.
ui-error = Something went wrong: { $message }
ui-opened-report = This is a report someone sent you. Reference code { $reference }.

redaction-kind-user = User names
redaction-kind-host = Computer and network names
redaction-kind-url = Web and printer addresses
redaction-kind-mac = Hardware addresses
redaction-kind-serial = Serial numbers
redaction-kind-wifi = Wi-Fi network names
redaction-kind-email = E-mail addresses
redaction-kind-public_ip = Internet addresses
redaction-kind-document = Document names
redaction-kind-term = Words your organization marked private
redaction-kind-path = Folder and file names
redaction-kind-other = Other private details

## The local history.
ui-since-worked = Since it last worked ({ $when }):
ui-last-ok = Last checked { $when }: everything worked.
ui-last-problems = Last checked { $when }: { $count ->
    [0] something could not be checked.
    [one] one problem was found.
   *[other] { $count } problems were found.
}
ui-settings = Settings
ui-history-about = Checkup keeps your past results on this computer, to tell you what changed since something last worked. They are never shared unless you save a report.
ui-forget-history = Forget my history
ui-forget-question = Delete every past result Checkup kept on this computer? This cannot be undone.
ui-forget-yes = Forget
ui-forget-no = Keep
ui-forgotten = { $count ->
    [one] Your history was deleted (one result).
   *[other] Your history was deleted ({ $count } results).
}
ui-history-not-saved = This result was not kept in your history: { $reason }
ui-history-moved-aside = Your history file was damaged ({ $reason }). It was moved to { $path } and a new one was started.

## Repairs: the "Fix it" button on a card, and its confirmation.

ui-fix-it = Fix it
ui-fix-yes = Yes, do it
ui-fix-no = No, leave it
ui-fixing = Fixing, then checking again…
