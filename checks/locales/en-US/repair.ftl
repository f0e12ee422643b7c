# Repairs: what Checkup can fix with your consent. Each value is the repair's title, a few
# plain words for a button or a list; .action says exactly what will happen, for the
# confirmation.

repair-network-wifi-on = Switch Wi-Fi on
    .action = Checkup asks your computer's network service to switch Wi-Fi on. It then joins your usual network as it normally does. You can switch Wi-Fi off again from the network menu.
repair-network-reconnect = Connect again
    .action = Checkup asks your computer's network service to connect "{ $interface }" again, which also asks the network for a new address. The connection drops for a few seconds.
repair-network-open-sign-in = Open the sign-in page
    .action = Checkup opens your web browser at a test address. The network then shows its own sign-in page there. Sign in or accept its terms in the browser.
    .done = Your browser is showing the network's sign-in page. Sign in or accept its terms there, then check again.
repair-printer-resume = Resume the printer "{ $printer }"
    .action = Checkup asks the print service to resume "{ $printer }". Documents waiting for it start to print. You can pause it again in your printer settings.
repair-printer-accept-jobs = Let the printer "{ $printer }" take documents again
    .action = Checkup asks the print service to accept documents for "{ $printer }" again. You can change this back in your printer settings.
repair-printer-cancel-job = { $count ->
        [one] Cancel your waiting document
       *[other] Cancel your { $count } waiting documents
    } on "{ $printer }"
    .action = Checkup cancels { $count ->
        [one] the document
       *[other] the { $count } documents
    } you sent to "{ $printer }" that are stuck or on hold. They will not print, and this cannot be undone: send them again afterwards if you still need them. Documents other people sent are not touched.
repair-printer-release-job = { $count ->
        [one] Print your document on hold
       *[other] Print your { $count } documents on hold
    } on "{ $printer }"
    .action = Checkup releases { $count ->
        [one] the document
       *[other] the { $count } documents
    } you sent to "{ $printer }" that are on hold, so { $count ->
        [one] it prints
       *[other] they print
    } now.

repair-disk-empty-trash = { $bin ->
        [recycle_bin] Empty the Recycle Bin ({ $size })
       *[trash] Empty the trash ({ $size })
    }
    .action = Checkup deletes the { $count ->
        [one] item
       *[other] { $count } items
    } in your { $bin ->
        [recycle_bin] Recycle Bin
       *[trash] trash
    } for good, which frees { $size }. This cannot be undone. Anything you move to the { $bin ->
        [recycle_bin] Recycle Bin
       *[trash] trash
    } from now on is kept.
repair-disk-clear-caches = Clear caches that are safe to delete ({ $size })
    .action = Checkup empties { $count ->
        [one] a cache folder
       *[other] { $count } cache folders
    }, which frees { $size }. They hold only copies that programs keep to work faster and make again when they need it, so some may start a little slower once. Your documents and downloads are not touched.

## Around every repair.

repair-needs-support = Your support team can do this for you: { $repair }. Your account may not do it.
cli-fixable = Checkup can fix this for you:
cli-fix-hint = To fix it, run: checkup run --fix
cli-fix-question = { $title }? { $action } [y/N]
cli-repair-fixed = Done: { $title }. The problem is gone.
cli-repair-no-change = Done: { $title }. The problem is still there, so the steps above still apply.
cli-repair-failed = This did not work: { $title }. { $detail }
cli-repair-not-permitted = Your account may not do this: { $title }. Your support team can do it for you.
cli-repair-declined = Left as it is: { $title }.
cli-repair-before = Before:
cli-repair-now = Now:
cli-repairs-made = What Checkup fixed or tried:
repair-result-fixed = fixed
repair-result-no-change = done, but the problem is still there
repair-result-failed = did not work
repair-result-not-permitted = not allowed for your account
repair-result-declined = you chose to leave it
