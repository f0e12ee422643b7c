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
