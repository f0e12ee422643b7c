# Texts shared by every check and every front end.
# A finding's message: the value is the summary, .explanation says what it means,
# .fix-1, .fix-2 … are the steps to try, most likely first.

## Statuses: always shown with an icon, never by colour alone.

status-pass = OK
status-warn = Worth a look
status-fail = Problem
status-skipped = Not checked
status-not-applicable = Does not apply
status-error = Could not check

## Areas.

area-network = Network connection
area-dns = Website names
area-printer = Printing
area-disk = Disks and storage
area-system = This computer

## Results the runner gives for any check.

runner-skipped = Not checked, because "{ $blocker }" found a problem first.
    .explanation = This check needs "{ $blocker }" to work first. Once that problem is solved, this check can run.
    .fix-1 = Follow the steps for "{ $blocker }" first.
    .fix-2 = Then run Checkup again.
runner-timeout = "{ $title }" did not finish in { $seconds } s.
    .explanation = Something this check waited for did not answer in time. Checkup stopped waiting, so the other checks could go on.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.
runner-panicked = "{ $title }" stopped because of a fault in Checkup.
    .explanation = This is a problem in Checkup itself, not in your computer. The other checks still ran.
    .fix-1 = Run Checkup again.
    .fix-2 = Send the report to your support team, so the fault can be fixed.
runner-deadline = "{ $title }" did not finish within Checkup's time limit of { $seconds } s.
    .explanation = Checkup stops every check after a short time, so it never hangs. Something this check waited for was too slow.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.
runner-not-started = "{ $title }" could not start within Checkup's time limit of { $seconds } s.
    .explanation = Other checks it needed took too long, so there was no time left for this one.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.
runner-internal = "{ $title }" gave a result Checkup did not expect.
    .explanation = This is a problem in Checkup itself, not in your computer. The other checks still ran.
    .fix-1 = Send the report to your support team, so the fault can be fixed.

## The command line.

cli-headline-ok = Everything we checked works.
cli-headline-problems = { $count ->
        [one] We found one problem.
       *[other] We found { $count } problems.
    }
cli-headline-warnings = Everything works, but { $count ->
        [one] one thing is
       *[other] { $count } things are
    } worth a look.
cli-most-likely = Most likely cause
cli-also = Also found
cli-what-to-try = What you can try
cli-all-results = All results
cli-interrupted = Checkup was stopped before every check finished. These are the results so far.
cli-reference = Reference code: { $reference }
cli-evidence = Technical details
cli-blocked-by = blocked by { $id }
cli-dry-run-files = Nothing was saved. The report would hold these files:

## The support report.

report-title = Checkup report { $reference }
report-heading = Checkup report
report-saved = The report was saved to { $path }.
facts-saved = The recorded facts were saved to { $path }.
runner-not-applicable = Nothing to check here, because "{ $blocker }" does not apply to this computer.
    .explanation = This check looks at something that is not set up on this computer, so there is nothing to judge. Nothing is wrong.

## The local history: what changed since a check last passed.
history-nothing = none
history-since = Since it last worked ({ $when }):
history-disk-full-in = { $days ->
    [1] At this rate it is full by tomorrow.
   *[other] At this rate it is full in about { $days } days.
}
history-change-network-connections = Your network connections changed from { $before } to { $after }.
history-change-network-addresses = Your computer's network address changed from { $before } to { $after }.
history-change-network-router = Your router changed from { $before } to { $after }.
history-change-network-wifi = Your Wi-Fi network changed from { $before } to { $after }.
history-change-dns-servers = Your name server changed from { $before } to { $after }.
history-change-dns-search = Your search domains changed from { $before } to { $after }.
history-change-dns-hosts = Your hosts file changed: it had { $before }, it now has { $after }.
history-change-dns-proxy = Your proxy settings changed from { $before } to { $after }.
history-change-printer-state = The printer's state changed from { $before } to { $after }.
history-change-printer-device = The printer's address changed from { $before } to { $after }.
history-change-printer-default = Your default printer changed from { $before } to { $after }.
history-change-disk-free = Free space fell from { $before } to { $after }.
history-change-system-boot = Your computer was restarted since then (it started at { $before }, now at { $after }).
history-change-system-clock-offset = Your clock's difference from the right time went from { $before } to { $after }.
history-saved-nowhere = History was not saved: { $reason }
history-moved-aside = Your history file was damaged ({ $reason }). It was moved to { $path } and a new one was started.
history-cleared = Your history was deleted ({ $count } runs).
history-empty = No runs are stored yet.
history-verdict-ok = everything worked
history-verdict-interrupted = stopped before the end
history-verdict-problems = { $count ->
    [one] one problem
   *[other] { $count } problems
}
history-verdict-warnings = { $count ->
    [one] one thing worth a look
   *[other] { $count } things worth a look
}
history-clear-question = Delete every run kept on this computer ({ $path })? [y/N]
history-clear-kept = Nothing was deleted.
history-no-differences = No differences.
