# Printers: the print service, the printers set up, their state, queues and connections.

## printer.service

printer-service-title = Print service
printer-service-ok = The print service is running.
    .explanation = Your computer's print service answers, so it can send documents to your printers.
printer-service-down = The print service on your computer is not running.
    .explanation = Your computer sends documents to printers through its print service. While it is stopped, nothing can print.
    .fix-1 = Restart your computer: the print service usually starts again by itself.
    .fix-2 = If printing still does not work, contact your support team and send them the report.
printer-service-silent = The print service on your computer does not answer.
    .explanation = It accepted the connection but gave no answer within { $seconds } s. Until it answers, nothing can print.
    .fix-1 = Restart your computer.
    .fix-2 = If printing still does not work, contact your support team and send them the report.
printer-service-garbled = The print service on your computer gave an answer Checkup could not read.
    .explanation = Something answered where the print service should be, but not the way a print service does.
    .fix-1 = Restart your computer.
    .fix-2 = If printing still does not work, contact your support team and send them the report.
printer-service-not-installed = No printing system is installed on this computer.
    .explanation = There is nothing to check for printing here. If you need to print, ask your support team to set up printing.
printer-service-no-printer = No printer is set up on this computer.
    .explanation = No printer has ever been added here, and the print service is not running, which is normal without a printer.
    .fix-1 = Turn on your printer and connect it to this computer, or to the same network.
    .fix-2 = Open your system's printer settings and choose "Add printer".
    .fix-3 = If you do not know which printer to add, ask your support team.
printer-service-unsupported = Checkup cannot check printers on this computer yet.
    .explanation = Printing on this kind of system works differently, and Checkup does not look at it yet. This does not mean anything is wrong.

## printer.installed

printer-installed-title = Printers set up
printer-installed-ok = { $count ->
        [one] One printer is set up.
       *[other] { $count } printers are set up.
    }
    .explanation = Your computer knows where to send documents.
printer-installed-none = No printer is set up on this computer.
    .explanation = Before you can print, your computer needs to know your printer.
    .fix-1 = Turn on your printer and connect it to this computer, or to the same network.
    .fix-2 = Open your system's printer settings and choose "Add printer".
    .fix-3 = If you do not know which printer to add, ask your support team.
printer-installed-unreadable = Checkup could not get the list of printers.
    .explanation = The print service answered before, but not this time.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

## printer.default

printer-default-title = Default printer
printer-default-ok = Your default printer is "{ $printer }".
    .explanation = Documents go to this printer unless you choose another one.
printer-default-only-one = With one printer or none, no default printer is needed.
    .explanation = A default printer matters only when there is more than one to choose from.
printer-default-none = No default printer is set.
    .explanation = With more than one printer, some apps do not know where to send your documents, or send them to the wrong one.
    .fix-1 = Open your system's printer settings, choose the printer you use most, and make it the default.
printer-default-gone = Your default printer "{ $printer }" no longer exists.
    .explanation = Documents sent to the default printer have nowhere to go.
    .fix-1 = Open your system's printer settings and make another printer the default.
printer-default-unreadable = Checkup could not find out which printer is the default.
    .explanation = The print service did not answer this question.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

## printer.state

printer-state-title = Printer status
printer-state-ready = The printer "{ $printer }" is ready.
    .explanation = It is waiting for documents to print.
printer-state-printing = The printer "{ $printer }" is printing.
    .explanation = It is working on a document right now.
printer-state-rejecting = The printer "{ $printer }" does not accept new documents.
    .explanation = The print service was told to stop taking documents for this printer, so anything you send to it is refused.
    .fix-1 = In your system's printer settings, open "{ $printer }" and allow it to accept documents again.
    .fix-2 = If you cannot change that setting, ask your support team.
printer-state-paused = The printer "{ $printer }" is paused.
    .explanation = Documents you send wait in the queue and do not print until the printer is resumed.
    .fix-1 = In your system's printer settings, open "{ $printer }" and choose Resume.
    .fix-2 = If you cannot resume it, ask your support team.
printer-state-offline = The printer "{ $printer }" is off-line.
    .explanation = Your computer cannot talk to the printer, so documents wait in the queue.
    .fix-1 = Check that the printer is turned on and shows no error on its display.
    .fix-2 = Check its cable, or that it is on the same network as your computer.
    .fix-3 = Turn the printer off and on again, then print again.
printer-state-media-jam = Paper is stuck in the printer "{ $printer }".
    .explanation = The printer stopped because of a paper jam.
    .fix-1 = Open the printer's covers as its display or manual shows, and gently pull out the stuck paper.
    .fix-2 = Close the covers, then press the printer's OK or Resume button.
printer-state-cover-open = A cover or door of the printer "{ $printer }" is open.
    .explanation = The printer does not print while it is open.
    .fix-1 = Close every cover, door and tray of the printer until they click.
printer-state-media-empty = The printer "{ $printer }" is out of paper.
    .explanation = Documents wait until there is paper again.
    .fix-1 = Add paper to the tray, then press the printer's OK or Resume button.
printer-state-supply-empty = The printer "{ $printer }" is out of toner or ink.
    .explanation = It cannot print until the empty cartridge is replaced.
    .fix-1 = Replace the empty toner or ink cartridge, as the printer's display shows.
    .fix-2 = If you have no spare cartridge, ask your support team.
printer-state-missing-driver = The printer "{ $printer }" is missing its driver.
    .explanation = Your computer lacks the software that turns documents into something this printer understands.
    .fix-1 = Remove the printer in your system's printer settings and add it again.
    .fix-2 = If that does not help, ask your support team to install the printer's driver.
printer-state-connecting = Your computer is still trying to reach the printer "{ $printer }".
    .explanation = The printer may not be connected or turned on.
    .fix-1 = Check that the printer is turned on and connected.
    .fix-2 = Wait a minute, then check again.
printer-state-stopped = The printer "{ $printer }" has stopped.
    .explanation = The print service stopped it, often after a problem while printing. Documents wait in the queue until it is started again.
    .fix-1 = Check that the printer is turned on and shows no error on its display.
    .fix-2 = In your system's printer settings, open "{ $printer }" and choose Resume.
    .fix-3 = If you cannot resume it, ask your support team.
printer-state-supply-missing = A toner or ink cartridge is missing from the printer "{ $printer }".
    .explanation = The printer does not print until every cartridge is in place.
    .fix-1 = Open the printer's cartridge cover and check that each cartridge is in and clicked into place.
    .fix-2 = If a cartridge is in place, take it out and put it back firmly.
printer-state-waste-full = The waste toner or ink container of the printer "{ $printer }" is full.
    .explanation = The printer collects used toner or ink in a container. It stops printing when that container is full.
    .fix-1 = Replace the waste container, as the printer's display or manual shows.
    .fix-2 = If you have no spare container, ask your support team.
printer-state-output-full = The output tray of the printer "{ $printer }" is full.
    .explanation = The printer stops until there is room for printed pages.
    .fix-1 = Take the printed pages out of the output tray.
printer-state-tray-missing = A paper tray of the printer "{ $printer }" is missing or not pushed in.
    .explanation = The printer cannot take paper from a tray that is not in place.
    .fix-1 = Push every paper tray all the way in until it clicks.
printer-state-feed = The printer "{ $printer }" cannot pull paper from its tray.
    .explanation = The paper did not feed through the printer as it should.
    .fix-1 = Take the paper out of the tray, straighten the stack, and put it back. Do not overfill the tray.
    .fix-2 = Check that the paper is the size and type the tray is set for.
    .fix-3 = Press the printer's OK or Resume button, then print again.
printer-state-spool-full = The printer "{ $printer }" has no room left for documents.
    .explanation = The printer's own memory or storage for waiting documents is full, so it cannot take more.
    .fix-1 = Wait for the documents already sent to finish, then print again.
    .fix-2 = Turn the printer off and on again.
printer-state-insecure-filter = The printer "{ $printer }" cannot print because of a security setting.
    .explanation = A program the print service uses to prepare documents for this printer is not installed safely, so the print service refuses to run it. The driver itself is there.
    .fix-1 = Ask your support team to reinstall the printer's driver. The technical details name the problem.
printer-state-certificate = Your computer does not trust the printer "{ $printer }" right now.
    .explanation = The printer proves who it is with a certificate. That certificate changed, expired or is not valid, so your computer holds documents back in case another device is pretending to be the printer.
    .fix-1 = If the printer was recently reset, updated or replaced, ask your support team to set it up again.
    .fix-2 = Otherwise, tell your support team before printing anything private.
printer-state-media-low = The printer "{ $printer }" is low on paper.
    .explanation = It still prints, but it will stop when the paper runs out.
    .fix-1 = Add paper to the tray soon.
printer-state-supply-low = The printer "{ $printer }" is low on toner or ink.
    .explanation = It still prints, but prints may get faint, and it will stop when the supply runs out.
    .fix-1 = Have a new toner or ink cartridge ready, or ask your support team for one.
printer-state-waste-almost-full = The waste toner or ink container of the printer "{ $printer }" is almost full.
    .explanation = It still prints, but it will stop when the container is full.
    .fix-1 = Have a new waste container ready, or ask your support team for one.
printer-state-output-almost-full = The output tray of the printer "{ $printer }" is almost full.
    .explanation = It still prints, but it will stop when the tray is full.
    .fix-1 = Take the printed pages out of the output tray.
printer-state-other = The printer "{ $printer }" reports a problem ({ $reason }).
    .explanation = The printer's own message is in the technical details.
    .fix-1 = Look at the printer's display for a message, and follow it.
    .fix-2 = Turn the printer off and on again.
    .fix-3 = If the problem stays, ask your support team and send them the report.
printer-state-unreadable = Checkup could not read the status of your printers.
    .explanation = The print service did not answer this question.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

## printer.queue

printer-queue-title = Print queue
printer-queue-empty = No documents are waiting for the printer "{ $printer }".
    .explanation = Nothing is stuck in its queue.
printer-queue-moving = { $count ->
        [one] One document is
       *[other] { $count } documents are
    } waiting for the printer "{ $printer }".
    .explanation = They were sent recently, so they are probably just waiting their turn.
printer-queue-stuck = { $count ->
        [one] A document has
       *[other] { $count } documents have
    } been waiting { $minutes ->
        [0] for under a minute
        [one] one minute
       *[other] { $minutes } minutes
    } for the printer "{ $printer }".
    .explanation = The first document in the queue is not printing, so everything after it waits too.
    .fix-1 = Check that the printer "{ $printer }" is turned on, has paper and shows no error.
    .fix-2 = Cancel the first document in the print queue, then print it again.
    .fix-3 = Turn the printer off and on again.
printer-queue-held = { $count ->
        [one] A document is
       *[other] { $count } documents are
    } on hold for the printer "{ $printer }".
    .explanation = Documents on hold do not print until someone releases them.
    .fix-1 = Open the print queue of "{ $printer }" and release or cancel the documents on hold.
printer-queue-failed = { $count ->
        [one] A document
       *[other] { $count } documents
    } sent to the printer "{ $printer }" did not finish printing in the last day.
    .explanation = The print service stopped or gave up on them, often because the printer had a problem at the time.
    .fix-1 = Print the documents again.
    .fix-2 = If it happens again, look at the printer's display for an error.
printer-queue-unreadable = Checkup could not read the print queues.
    .explanation = The print service did not answer this question.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

## printer.reachable

printer-reachable-title = Printer connection
printer-reachable-ok = Your computer can reach the printer "{ $printer }".
    .explanation = The printer answers at its address.
printer-reachable-refused = The printer "{ $printer }" does not accept connections from your computer.
    .explanation = Something answered at the printer's address, but it does not take documents there. The printer may still be starting up, or its address may have changed.
    .fix-1 = Turn the printer off and on again, wait a minute, then print again.
    .fix-2 = If it keeps happening, remove the printer and add it again, or ask your support team.
printer-reachable-silent = Your computer cannot reach the printer "{ $printer }".
    .explanation = Nothing answered at the printer's address. The printer may be turned off, disconnected, or on another network.
    .fix-1 = Check that the printer is turned on.
    .fix-2 = Check that the printer and your computer are on the same network, or that its cable is plugged in.
    .fix-3 = Turn the printer off and on again, then print again.
printer-reachable-no-name = Your computer cannot find the printer "{ $printer }" by its name.
    .explanation = The name the printer was set up with no longer leads anywhere.
    .fix-1 = Check that the printer is turned on and connected to the network.
    .fix-2 = Remove the printer and add it again, or ask your support team.
printer-reachable-local = The printer "{ $printer }" is connected directly, so there is no network connection to check.
    .explanation = It is connected by cable or found automatically, without a fixed network address.
printer-reachable-unreadable = Checkup could not read how your printers are connected.
    .explanation = The print service did not answer this question.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

## With no printer set up, there is nothing to look at per printer.

printer-state-none = No printer is set up, so there is no printer status to check.
    .explanation = Once a printer is added, Checkup shows whether it is ready.
printer-queue-none = No printer is set up, so there is no print queue to check.
    .explanation = Once a printer is added, Checkup shows whether documents are stuck in its queue.
printer-reachable-none = No printer is set up, so there is no printer connection to check.
    .explanation = Once a printer is added, Checkup shows whether your computer can reach it.
