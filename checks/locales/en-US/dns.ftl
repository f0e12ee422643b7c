# Names: the service that turns website names into addresses (DNS).

dns-servers-title = Name servers
dns-servers-ok = Your computer has { $count ->
        [one] a name server
       *[other] { $count } name servers
    } set up.
    .explanation = A name server is the service that turns website names into addresses. Yours: { $servers }.
dns-servers-none = Your computer has no name server set up.
    .explanation = A name server turns website names into addresses. Without one, no website or app can find anything by name, even though the connection itself may work.
    .fix-1 = Disconnect from the network and connect again, so the router can hand out its settings.
    .fix-2 = Restart your router and wait two minutes.
    .fix-3 = If your network settings were entered by hand, ask your support team for the right name server.
dns-servers-unsupported = Checkup cannot read the name server settings on this system.
    .explanation = This system does not share them in a way Checkup reads yet, so this check was left out.
dns-servers-unreadable = Checkup could not read the name server settings.
    .explanation = The settings file could not be read. The technical details say why.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

dns-server-reachable-title = Name server answers
dns-server-reachable-ok = The name server { $server } answers ({ $ms } ms).
    .explanation = It replied to a question, so it is up and your computer can reach it.
dns-server-reachable-silent = The name server { $server } does not answer.
    .explanation = Your computer asks this server to turn website names into addresses, but it does not reply. Until it does, websites and apps cannot find anything by name.
    .fix-1 = Restart your router and wait two minutes: it is often the name server.
    .fix-2 = Switch to another network (such as your phone's hotspot) to keep working.
    .fix-3 = If this is a work network, call your support team: the name server is down.
dns-server-reachable-closed = The name server { $server } is not running.
    .explanation = The device at that address answered that no name service runs there. Your computer cannot turn website names into addresses through it.
    .fix-1 = Restart your router and wait two minutes.
    .fix-2 = If your name server was set by hand, ask your support team for the right one.
    .fix-3 = Switch to another network to keep working.
dns-server-reachable-unreachable = The name server { $server } cannot be reached.
    .explanation = Your computer has no way to that server's address, so names cannot be looked up through it.
    .fix-1 = Check your network connection results first.
    .fix-2 = Disconnect from the network and connect again.
    .fix-3 = If your name server was set by hand, ask your support team for the right one.
dns-server-reachable-garbled = The name server { $server } answers with something that makes no sense.
    .explanation = Something answered at that address, but not with a proper name server reply. Another service may be using that address, or a device in between is interfering.
    .fix-1 = Restart your router and wait two minutes.
    .fix-2 = Send the report to your support team.
dns-server-reachable-others-answer = The name server { $server } does not answer, but another one does.
    .explanation = Your computer falls back to the other name server, so names still work, but lookups can be slow while it waits for this one.
    .fix-1 = Restart your router when convenient.
    .fix-2 = If this is a work network, tell your support team that { $server } is not answering.
dns-server-reachable-unreadable = Checkup could not read the name server settings.
    .explanation = The settings file could not be read. The technical details say why.
    .fix-1 = Run Checkup again.

dns-resolution-title = Finding websites by name
dns-resolution-ok = Your computer finds { $name }.
    .explanation = The name server turned { $name } into an address in { $ms } ms.
dns-resolution-blocked = { $how ->
        [intercepted] Your network blocks name lookups, so { $name } cannot be found.
       *[other] Your network blocks or filters { $name }.
    }
    .explanation = { $how ->
        [filtered] Your name server { $answer ->
            [sinkhole] points { $name } to an address that goes nowhere
           *[other] says { $name } does not exist
        }, but an independent name server finds it. Networks at work, at school and in public places often filter websites this way, on purpose or by mistake.
        [intercepted] Your name server { $answer ->
            [sinkhole] points { $name } to an address that goes nowhere
           *[other] says { $name } does not exist
        }, and the independent name servers Checkup asked say the same, even about well-known websites. Your network catches name lookups on their way out and filters them.
       *[other] Your name server { $answer ->
            [sinkhole] points { $name } to an address that goes nowhere
           *[other] says { $name } does not exist
        }, but it is a well-known website that does exist. Your network's name server filters names, or is not working properly.
    }
    .fix-1 = { $origin ->
        [profile] If you are away from the office, connect to your company's VPN and try again.
       *[other] If you need this website, ask your support team whether the network blocks it on purpose.
    }
    .fix-2 = To see whether this network is the cause, try another one, such as your phone's hotspot.
    .fix-3 = If this is your own network, look for a website filter or parental controls in your router's settings.
dns-resolution-nxdomain = The name { $name } does not exist, according to your name server.
    .explanation = { $origin ->
        [profile] It is one of your organization's own names. Names like this are often found only on the company network, or through its VPN.
       *[other] { $reference ->
            [nxdomain] An independent name server also says there is no such name. It may be misspelled or no longer in use.
            [untrusted] Your network also filters the independent name servers Checkup asked, so Checkup cannot tell whether the name really exists.
           *[other] Checkup could not confirm this with an independent name server.
        }
    }
    .fix-1 = { $origin ->
        [profile] Connect to your company's VPN, or to the company network, and try again.
       *[other] { $reference ->
            [nxdomain] Check the spelling of the name.
           *[other] Try again in a few minutes, or on another network such as your phone's hotspot.
        }
    }
    .fix-2 = { $origin ->
        [profile] If you are already connected, tell your support team that { $name } cannot be found.
       *[other] { $reference ->
            [nxdomain] If the name is right, ask the site's owners or your support team whether it has moved.
           *[other] If it keeps happening, tell your support team that { $name } cannot be found.
        }
    }
dns-resolution-servfail = Your name server failed to look up { $name }.
    .explanation = The name server answered that it had a problem finding this name. { $reference ->
        [answers] An independent name server found it, so the problem is with your name server.
       *[other] The site's own name servers may have a fault, or your name server may be struggling.
    }
    .fix-1 = Restart your router and wait two minutes.
    .fix-2 = Switch to another network (such as your phone's hotspot) to keep working, and tell your support team.
    .fix-3 = Try again later: the site's name servers may have a temporary fault.
dns-resolution-refused = Your name server refused to look up { $name }.
    .explanation = The name server will not answer this question for your computer. It may be set to serve only some devices or some names. { $reference ->
        [answers] An independent name server found it, so your configured server is the problem.
       *[other] { "" }
    }
    .fix-1 = Disconnect from the network and connect again.
    .fix-2 = If you use a company VPN, connect or disconnect it and try again.
    .fix-3 = Ask your support team to check the name server settings.
dns-resolution-timeout = Your name server did not answer for { $name } (you waited { $seconds } seconds).
    .explanation = Your computer asked for the address of { $name } and got no reply in time, so websites will not open. { $reference ->
        [answers] An independent name server answered right away, so the internet works: your configured name server is the problem.
       *[other] { "" }
    }
    .fix-1 = Restart your router and wait two minutes.
    .fix-2 = Switch to another network (such as your phone's hotspot) to keep working.
    .fix-3 = If it continues, call your support team or internet provider: the name server is not answering.
dns-resolution-no-address = { $name } exists but has no address.
    .explanation = The name server knows this name but has no address for it. The site may be set up wrongly or be moving.
    .fix-1 = Try again later.
    .fix-2 = Tell the site's owners or your support team.
dns-resolution-failed = Your computer could not look up { $name }.
    .explanation = The lookup failed for a reason Checkup could not sort. The technical details show what happened.
    .fix-1 = Restart your router and wait two minutes.
    .fix-2 = Send the report to your support team.
dns-resolution-none = No names are set to test.
    .explanation = The profile lists no names for this check, so it was left out.
dns-resolution-unreadable = Checkup could not set up name lookups.
    .explanation = The name server settings could not be read or used. The technical details say why.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

dns-latency-title = Name lookup speed
dns-latency-ok = Names are found quickly ({ $ms } ms).
    .explanation = Looking up a new name takes { $ms } ms, so websites start loading without delay.
dns-latency-slow = Names are found slowly ({ $ms } ms).
    .explanation = Each new website waits about { $seconds } seconds before it starts loading, while its name is looked up.
    .fix-1 = Restart your router and wait two minutes.
    .fix-2 = If it stays slow, ask your support team or internet provider about the name server.
dns-latency-very-slow = Names are found very slowly ({ $seconds } seconds).
    .explanation = Each new website waits about { $seconds } seconds before it starts loading. Some apps give up before an answer comes.
    .fix-1 = Restart your router and wait two minutes.
    .fix-2 = Switch to another network to keep working.
    .fix-3 = Ask your support team or internet provider about the name server.
dns-latency-none = No names are set to measure with.
    .explanation = The profile lists no names for this check, so it was left out.
dns-latency-unreadable = Checkup could not set up name lookups.
    .explanation = The name server settings could not be read or used.
    .fix-1 = Run Checkup again.

dns-hijack-title = Honest name answers
dns-hijack-ok = Your name server answers honestly.
    .explanation = Names that do not exist were reported as not existing, as they should be.
dns-hijack-found = Your name server makes up answers for names that do not exist.
    .explanation = Checkup asked for made-up names and got addresses back. Some internet providers and networks do this to show advertising or search pages. It can break apps and send mistyped addresses to the wrong place.
    .fix-1 = Check your internet provider's account settings for an "error page" or "search assist" option and turn it off.
    .fix-2 = Ask your support team whether to use a different name server.
dns-hijack-unchecked = Checkup could not check whether your name server answers honestly.
    .explanation = The test questions got no clear answer. The name server results above say more.
    .fix-1 = Look at the name server results first.
dns-hijack-unreadable = Checkup could not set up name lookups.
    .explanation = The name server settings could not be read or used.
    .fix-1 = Run Checkup again.

dns-hosts-file-title = Hosts file
dns-hosts-file-ok = No hosts file entry changes the names Checkup tests.
    .explanation = The hosts file can fix a name to an address, bypassing name servers. None of the names tested here are in it.
dns-hosts-file-override = Your hosts file fixes { $name } to a set address.
    .explanation = Line { $line } of { $file } sends { $name } to an address written there, whatever the name servers say. If that entry is old, the site will not open or will open the wrong server.{ $count ->
        [1] { "" }
       *[other] { " " }{ $count } entries like this were found.
    }
    .fix-1 = Ask your support team whether this entry is still needed.
    .fix-2 = If not, remove line { $line } from { $file } (this needs an administrator).
dns-hosts-file-missing = This computer has no hosts file.
    .explanation = Nothing overrides the name servers, which is normal.
dns-hosts-file-unreadable = Checkup could not read the hosts file.
    .explanation = { $file } exists but could not be read. Programs may not be able to read it either.
    .fix-1 = Ask your support team to check the permissions of { $file }.
