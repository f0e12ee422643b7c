# Disks: space, room for new files, read-only surprises, health, and what uses the space.

## A filesystem in plain words, for the middle of a sentence.

disk-place-system = the disk your system runs from
disk-place-home = the disk with your personal files
disk-place-removable = the removable drive at { $mount }
disk-place-other = the disk at { $mount }

## disk.space

disk-space-title = Free disk space
disk-space-ok = There is enough free space on { $place }: { $free } free of { $total }.
    .explanation = Programs, updates and your files have room to grow.
disk-space-low = Space is running low on { $place }: { $free } free of { $total }.
    .explanation = When a disk fills up, updates fail, mail stops syncing and programs can crash when they save. You still have some room, but it is worth clearing space soon.
    .fix-1 = Empty the trash (the recycle bin).
    .fix-2 = Delete what you no longer need from your Downloads folder.
    .fix-3 = Uninstall apps you no longer use.
    .fix-4 = Move large files, such as videos and photos, to another drive or to cloud storage.
disk-space-full = Almost no space is left on { $place }: only { $free } free of { $total }.
    .explanation = With a full disk, programs cannot save, updates fail and your computer can act strangely. This is probably why things are not working.
    .fix-1 = Empty the trash (the recycle bin).
    .fix-2 = Delete what you no longer need from your Downloads folder.
    .fix-3 = Uninstall apps you no longer use.
    .fix-4 = Move large files, such as videos and photos, to another drive or to cloud storage.
    .fix-5 = If you cannot free enough space, contact your support team.
disk-space-unreadable = Checkup could not read how much space is left on { $place }.
    .explanation = The disk did not answer in time, or the system refused the question. This can happen with a network drive that cannot be reached, or with a disk problem.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.
disk-space-none = Checkup found no disks to check.
    .explanation = This system did not list any disk Checkup can judge. Nothing is wrong.
disk-space-unlisted = Checkup could not list the disks on this computer.
    .explanation = The system did not answer in time, or refused the question. The technical details say why.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

## disk.inodes

disk-inodes-title = Room for new files
disk-inodes-ok = There is room for new files on { $place }.
    .explanation = Besides space, every disk has a limit on how many files it can hold. This disk is far from that limit.
disk-inodes-low = Room for new files is running out on { $place }.
    .explanation = A disk can hold only so many files. It can be "full" of small files even when space remains. Only { $free_percent }% of that room is left.
    .fix-1 = Delete folders with many small files that you no longer need, such as old caches or downloaded archives you have unpacked.
    .fix-2 = Empty the trash (the recycle bin).
    .fix-3 = If you are not sure what to delete, contact your support team.
disk-inodes-full = No room for new files is left on { $place }, even if space remains.
    .explanation = A disk can hold only so many files, and this one has reached its limit: it is "full" of small files even though space remains. Programs cannot create files, so saving, updating and installing fail.
    .fix-1 = Delete folders with many small files that you no longer need, such as old caches or downloaded archives you have unpacked.
    .fix-2 = Empty the trash (the recycle bin).
    .fix-3 = If you are not sure what to delete, contact your support team.
disk-inodes-not-counted = There is no fixed limit on the number of files on { $place }.
    .explanation = This kind of disk does not limit the number of files the way others do, so there is nothing to check. Nothing is wrong.
disk-inodes-unreadable = Checkup could not read how many more files fit on { $place }.
    .explanation = The disk did not answer in time, or the system refused the question.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.
disk-inodes-none = Checkup found no disks to check.
    .explanation = This system did not list any disk Checkup can judge. Nothing is wrong.
disk-inodes-unlisted = Checkup could not list the disks on this computer.
    .explanation = The system did not answer in time, or refused the question. The technical details say why.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

## disk.readonly

disk-readonly-title = Saving to your disks
disk-readonly-ok = You can save files to { $place }.
    .explanation = This disk accepts changes, as it should.
disk-readonly-by-design = Saving to { $place } is turned off on purpose.
    .explanation = This disk is set up to be read-only, so nothing is wrong.
disk-readonly-forced = Your system stopped all saving to { $place } to protect it after an error.
    .explanation = The system found an error in how files are stored on this disk, and switched it to read-only so that nothing more is damaged. Until the disk is checked and repaired, you cannot save or change files there.
    .fix-1 = Save your open work to another disk or a USB stick now.
    .fix-2 = Restart your computer: the system checks and repairs the disk as it starts.
    .fix-3 = If it happens again, ask your support team and send them this report: the disk may be failing.
disk-readonly-unexpected = You cannot save to { $place }: the system made it read-only.
    .explanation = This disk should accept changes, but the system switched it to read-only. Systems often do this after they find errors on a disk, to protect your files. Programs cannot save there, and updates fail.
    .fix-1 = Save any open work somewhere else, such as a USB drive or cloud storage.
    .fix-2 = Restart your computer. The disk is often checked and repaired during the restart.
    .fix-3 = If it happens again, contact your support team: the disk may be failing.
disk-readonly-none = Checkup found no disks to check.
    .explanation = This system did not list any disk Checkup can judge. Nothing is wrong.
disk-readonly-unlisted = Checkup could not list the disks on this computer.
    .explanation = The system did not answer in time, or refused the question. The technical details say why.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

## disk.health

disk-health-title = Disk health
disk-health-ok = Your disk ({ $disk }) reports that it is healthy.
    .explanation = Disks keep track of their own health. This one reports no problems.
disk-health-pending = Your disk ({ $disk }) has trouble reading some of its data.
    .explanation = The disk reports { $pending } places it could not read reliably. This can be an early sign that the disk will fail.
    .fix-1 = Back up your important files now.
    .fix-2 = Contact your support team about checking or replacing the disk.
disk-health-failing = Your disk ({ $disk }) reports that it is failing.
    .explanation = The disk's own health check says it is likely to fail soon. You could lose files that are only on this disk.
    .fix-1 = Back up your important files now, before anything else.
    .fix-2 = Contact your support team to replace the disk.
disk-health-unreadable = Checkup cannot read the health of your disk ({ $disk }).
    .explanation = Some disks do not share their health report, or share it only with administrator rights. This does not mean anything is wrong.
disk-health-no-tool = Checkup cannot read disk health on this computer.
    .explanation = The tool that reads a disk's health report (smartctl) is not installed. This does not mean anything is wrong.
disk-health-no-disks = Checkup found no disk whose health can be read.
    .explanation = The disks here are virtual disks or disk images, which keep no health report of their own. Nothing is wrong.
disk-health-unlisted = Checkup could not list the disks on this computer.
    .explanation = The system did not answer in time, or refused the question. The technical details say why.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

## disk.usage

disk-usage-title = What uses your space
disk-usage-found = { $has_top ->
        [yes] Your home folder holds { $total }. The largest part is "{ $top }", with { $top_size }.
       *[no] Your home folder holds { $total }.
    }
    .explanation = { $cut_short ->
        [yes] Checkup looked through your files for a few seconds and then stopped, so there may be more.
       *[no] Checkup looked through all of your home folder.
    } These are the places where deleting files frees the most space.
    .fix-1 = { $has_trash ->
        [yes] { $bin ->
            [recycle_bin] Empty the Recycle Bin: it holds { $trash }.
           *[trash] Empty the trash: it holds { $trash }.
        }
       *[no] { "" }
    }
    .fix-2 = { $has_downloads ->
        [yes] Delete what you no longer need from Downloads: it holds { $downloads }.
       *[no] { "" }
    }
    .fix-3 = { $has_top ->
        [yes] Look through "{ $top }" ({ $top_size }) for large files you can delete or move elsewhere.
       *[no] { "" }
    }
    .fix-4 = { $has_cache ->
        [yes] Clear the temporary files (caches) of your apps, in their settings: they take { $cache }.
       *[no] { "" }
    }
    .fix-5 = Uninstall apps you no longer use.
disk-usage-not-needed = There is enough space for your personal files, so Checkup did not look at what uses it.
    .explanation = Checkup looks through your files only when the disk with your personal files is low on space.
disk-usage-no-home = Checkup could not look through your home folder to see what uses the space.
    .explanation = The home folder could not be found or did not answer in time. The other disk checks still show how full each disk is.
disk-usage-unlisted = Checkup could not list the disks on this computer.
    .explanation = The system did not answer in time, or refused the question. The technical details say why.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.
