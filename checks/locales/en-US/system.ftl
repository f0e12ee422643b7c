# This computer: operating system and time since the last restart.

system-os-title = Operating system
system-os-ok = Your computer runs { $system }.
    .explanation = This is the system Checkup looked at. Your support team may ask for it.

system-uptime-title = Time since last restart
system-uptime-ok = Your computer was restarted recently enough.
    .explanation = { $days ->
        [0] It has been on for { $hours ->
                [one] one hour
               *[other] { $hours } hours
            } since it was last restarted, not counting sleep.
       *[other] It has been on for { $days ->
                [one] one day
               *[other] { $days } days
            } since it was last restarted, not counting sleep.
    }
system-uptime-long = Your computer has been on for { $days } days without a restart.
    .explanation = Updates often wait for a restart, and a computer that runs for weeks can get slow or act strangely. This is rarely the cause of an outage, but a restart is an easy first step.
    .fix-1 = Save your work, then restart your computer.
    .fix-2 = If updates are waiting, let them install during the restart.
system-uptime-unsupported = Checkup cannot tell how long this computer has been on.
    .explanation = This system does not share how long it has been running, so this check was left out. Nothing is wrong.
system-uptime-unreadable = Checkup could not read how long your computer has been on.
    .explanation = The system did not answer this question. It does not mean anything is wrong with your computer.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

system-memory-title = Memory
system-memory-ok = Your computer has enough memory: { $available } of { $total } is free.
    .explanation = Programs have room to run without slowing each other down.
system-memory-short = Your computer is short of memory: only { $available } of { $total } is free.
    .explanation = When memory runs out, your computer moves data to the disk and everything slows down. The apps using the most memory right now: { $top }.
    .fix-1 = Close apps and browser tabs you are not using.
    .fix-2 = Save your work, then restart your computer.
    .fix-3 = If this happens often, ask your support team whether your computer needs more memory.
system-memory-unreadable = Checkup could not read how much memory is free.
    .explanation = The system did not answer this question. It does not mean anything is wrong with your computer.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

system-cpu-title = Processor load
system-cpu-ok = Your computer's processor is keeping up with its work.
    .explanation = Programs are not kept waiting for the processor.
system-cpu-busy = Your computer's processor is busy all the time.
    .explanation = Programs have to wait their turn, so everything feels slow. The busiest apps right now: { $top }.
    .fix-1 = Close apps you are not using, starting with the ones named above.
    .fix-2 = If updates or a backup are running, let them finish, then check again.
    .fix-3 = Save your work, then restart your computer.
system-cpu-unreadable = Checkup could not read how busy the processor is.
    .explanation = The system did not answer this question. It does not mean anything is wrong with your computer.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

system-clock-title = Clock
system-clock-ok = Your computer's clock is right.
    .explanation = It matches the time internet servers send, to within { $seconds } seconds.
system-clock-off = Your computer's clock is { $minutes } minutes { $direction ->
        [ahead] fast
       *[behind] slow
    }.
    .explanation = Sign-ins and secure websites check the time. A clock this far off can already cause some of them to fail, and it will get worse.
    .fix-1 = Open your date and time settings and turn on "set time automatically".
    .fix-2 = Check that the time zone is right.
system-clock-wrong = Your computer's clock is wrong by { $minutes } minutes ({ $direction ->
        [ahead] fast
       *[behind] slow
    }).
    .explanation = Sign-ins and secure websites check the time. With the clock this far off, many of them refuse to work, often with a confusing security warning.
    .fix-1 = Open your date and time settings and turn on "set time automatically".
    .fix-2 = Check that the time zone is right, then restart your browser.
    .fix-3 = If the clock keeps drifting after a restart, your computer's clock battery may need replacing: tell your support team.
system-clock-unchecked = Checkup could not check your clock.
    .explanation = No internet server sent the time, because none could be reached. The connection results say why.
    .fix-1 = Look at the internet connection results first.
