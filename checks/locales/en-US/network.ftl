# The network: from the cable or Wi-Fi to websites.

network-interface-title = Network connection
network-interface-ok = Your computer is connected to a network{ $kind ->
        [wifi] { " " }over Wi-Fi
        [cable] { " " }by cable
       *[other] { "" }
    }.
    .explanation = The connection { $interface } is switched on and linked to a network. The next checks look further along the way.
network-interface-no-link = Your computer is not { $kind ->
        [wifi] connected to a Wi-Fi network
        [cable] plugged in to the network
       *[other] linked to a network
    }.
    .explanation = The connection { $interface } is switched on, but nothing is on the other end. Without that, nothing on the network or the internet can be reached.
    .fix-1 = { $kind ->
        [wifi] Open your Wi-Fi settings and choose your network.
       *[other] Check that the network cable is firmly plugged in at both ends.
    }
    .fix-2 = Restart your router, or the network box the cable goes to, and wait two minutes.
    .fix-3 = Try another cable, or another network socket.
network-interface-down = Your network connection is switched off.
    .explanation = The connection { $interface } is turned off on this computer, so it cannot reach any network or the internet.
    .fix-1 = Open your network settings and switch the connection on.
    .fix-2 = If there is a network switch or key on your computer, turn it on.
    .fix-3 = Restart your computer.
network-interface-wifi-off = Wi-Fi is turned off.
    .explanation = The Wi-Fi radio of this computer is switched off, often by airplane mode or a key on the keyboard. Without it, the computer cannot join any Wi-Fi network.
    .fix-1 = Turn off airplane mode.
    .fix-2 = Switch Wi-Fi on in your network settings, or with the Wi-Fi key or switch on your computer.
    .fix-3 = Or plug in a network cable.
network-interface-none = Checkup found no network connection on this computer.
    .explanation = There is no network adapter to use: no cable connection and no Wi-Fi. It may be disabled, missing its driver, or not allowed by your settings.
    .fix-1 = Plug in a network cable, or a USB network adapter if you use one.
    .fix-2 = Restart your computer.
    .fix-3 = Ask your support team to check the network adapter.
network-interface-unreadable = Checkup could not read this computer's network connections.
    .explanation = The system did not list its network connections. It does not mean anything is wrong with your network.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

network-address-title = Network address
network-address-ok = Your computer has a network address{ $address ->
        [public] { "" }
       *[other] { " " }({ $address })
    }.
    .explanation = Every device needs an address on the network to talk to anything. Your router gave this computer one on { $interface }.
network-address-self-assigned = Your computer did not get an address from the router.
    .explanation = The router normally hands out addresses automatically. It did not answer, so your computer picked a temporary address of its own (starting with 169.254). With it, you cannot reach the internet.
    .fix-1 = Restart your router, wait two minutes, then disconnect and reconnect to the network.
    .fix-2 = Unplug the network cable or turn Wi-Fi off, wait ten seconds, and connect again.
    .fix-3 = If other devices have the same problem, call your internet provider or support team: the router may need repair.
network-address-none = Your computer has no network address.
    .explanation = The connection is up, but it has no address, so it cannot talk to anything on the network. The router may not be handing out addresses.
    .fix-1 = Disconnect from the network and connect again.
    .fix-2 = Restart your router and wait two minutes.
    .fix-3 = If it still fails, send the report to your support team.
network-address-unreadable = Checkup could not read this computer's network addresses.
    .explanation = The system did not answer this question. It does not mean anything is wrong with your network.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

network-gateway-title = Router
network-gateway-ok = Your computer knows its way to the router ({ $gateway }).
    .explanation = The router (the "default gateway") is the device that connects your network to the internet. Your computer sends everything outside your network through it.
network-gateway-none = Your computer does not know which router to use.
    .explanation = It has an address, but no route to a router (the "default gateway"). Without one, only devices on your own network can be reached, not the internet.
    .fix-1 = Disconnect from the network and connect again.
    .fix-2 = Restart your router and wait two minutes.
    .fix-3 = If your network settings were entered by hand, ask your support team to check them.
network-gateway-unreadable = Checkup could not read which router your computer uses.
    .explanation = The system did not answer this question. It does not mean anything is wrong with your network.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

network-gateway-reachable-title = Router answers
network-gateway-reachable-ok = Your router answers (in { $ms } ms).
    .explanation = The router at { $gateway } replied, so the connection between your computer and the router works.
network-gateway-reachable-silent-online = Your router does not answer checks, but the internet works.
    .explanation = Many routers are set to ignore these checks. Since the internet can be reached through it, the router is working.
network-gateway-reachable-nobody = No device answers at your router's address.
    .explanation = Your computer sends everything to { $gateway }, but no device on the network has that address. The router may be off or restarting, or the address set on this computer is wrong.
    .fix-1 = Check that your router is switched on, and restart it. Wait two minutes.
    .fix-2 = Disconnect from the network and connect again.
    .fix-3 = If your network settings were entered by hand, ask your support team to check the router address.
network-gateway-reachable-silent = Your router does not answer.
    .explanation = Your computer cannot get any reply from the router at { $gateway }, and the internet cannot be reached through it. The router may be stuck or blocking this computer.
    .fix-1 = Restart your router and wait two minutes.
    .fix-2 = Disconnect from the network and connect again.
    .fix-3 = If other devices have the same problem, call your internet provider or support team.
network-gateway-reachable-slow = Your router answers slowly (in { $ms } ms).
    .explanation = The router at { $gateway } took more than one and a half seconds to answer. A router this slow makes everything on the network feel sluggish, even when the internet itself is fine.
    .fix-1 = Restart your router and wait two minutes.
    .fix-2 = If you use Wi-Fi, move closer to the router.
    .fix-3 = If it stays slow, ask your internet provider or support team.
network-gateway-reachable-unreadable = Checkup could not find which router to check.
    .explanation = The router's address disappeared while Checkup was looking. The network may have just changed.
    .fix-1 = Run Checkup again.

network-captive-portal-title = Sign-in page
network-captive-portal-ok = No sign-in page is in the way.
    .explanation = A test address gave the expected empty answer, so nothing like a hotel or guest Wi-Fi sign-in page is blocking your connection.
network-captive-portal-found = This network wants you to sign in first.
    .explanation = Hotels, airports, cafés and guest networks often show a sign-in or terms page before you can use the internet{ $portal ->
        [none] { "" }
       *[other] { " " }(here: { $portal })
    }. Until you accept it, websites and apps do not work.
    .fix-1 = Open your web browser and go to any website: the sign-in page should appear.
    .fix-2 = Accept the terms or sign in with the details the hotel or venue gave you.
    .fix-3 = If no page appears, disconnect from the Wi-Fi and join it again.
network-captive-portal-unexpected = The connection test got an unusual answer (code { $status }).
    .explanation = Checkup could not tell whether a sign-in page is in the way. Another check looks at the internet connection itself.
    .fix-1 = Open your web browser and visit any website to see whether a sign-in page appears.
network-captive-portal-port-80-blocked = Your network blocks plain web connections (port 80).
    .explanation = Secure websites (addresses starting with https) still open, but plain web addresses do not, and neither does the test Checkup uses to look for a sign-in page. A firewall on this network or on this computer blocks port 80.
    .fix-1 = Use secure addresses that start with https.
    .fix-2 = If you are on a work, school or guest network, ask its support team: it may block this on purpose.
    .fix-3 = If you use a firewall or security app, check that it allows your web browser.
network-captive-portal-unchecked = Checkup could not check for a sign-in page.
    .explanation = The test address could not be reached at all, so this check could not run. That is not a sign-in page; the internet check says more.
    .fix-1 = Look at the internet connection result first.
    .fix-2 = Open your web browser and visit any website to see whether a sign-in page appears.

network-internet-title = Internet connection
network-internet-ok = Your computer can reach the internet.
    .explanation = { $reached } of { $total } well-known internet servers answered (fastest in { $ms } ms). This test uses addresses directly, so it works even when website names do not.
network-internet-none = Your computer cannot reach the internet.
    .explanation = None of { $total } well-known internet servers answered, though your router is there. The problem is most likely between the router and your internet provider.
    .fix-1 = Restart your router (and modem, if you have one) and wait two minutes.
    .fix-2 = Check the router's lights or app for an internet warning.
    .fix-3 = Check whether your internet provider reports an outage, and call them if it continues.
network-internet-no-targets = No internet servers are set to test with this kind of address.
    .explanation = The profile lists only addresses of a kind (IPv4 or IPv6) your computer does not use, so this check was left out.
network-internet-unreadable = Checkup could not read your network connections.
    .explanation = The system did not answer in time, or refused the question. The technical details say why.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

network-proxy-title = Proxy
network-proxy-none = No proxy is set up.
    .explanation = A proxy is a server some companies put between you and the internet. None is set on this computer, so it connects directly.
network-proxy-ok = Your connection goes through a proxy, and it answers.
    .explanation = A proxy is a server between you and the internet. This computer is set to use { $proxy }, and it accepted a connection.
network-proxy-pac = Your proxy is chosen by a setup file, and it can be read.
    .explanation = A proxy is a server between you and the internet. This computer picks one using an automatic setup file at { $proxy }.
network-proxy-pac-unreachable = Your proxy setup file cannot be loaded.
    .explanation = This computer is set to choose its proxy (a server between you and the internet) from a file at { $proxy }, but that file could not be loaded. Some websites may not open.
    .fix-1 = If you are away from the office, connect to your company VPN.
    .fix-2 = If you do not use a company network, turn off automatic proxy setup in your network settings.
    .fix-3 = Ask your support team whether the proxy settings are still right.
network-proxy-dead = Your proxy does not answer.
    .explanation = This computer is set to send web traffic through { $proxy }, but it does not answer. While that is so, websites will not load, even though the internet may work.
    .fix-1 = If you are away from the office, connect to your company VPN.
    .fix-2 = If you do not need a proxy here, turn it off in your network settings.
    .fix-3 = Ask your support team whether the proxy is down or its address changed.
network-proxy-unreadable = Checkup could not read your proxy settings.
    .explanation = The system did not answer in time, or refused the question. The technical details say why.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

network-https-title = Secure websites
network-https-ok = { $site } loads securely.
    .explanation = A secure (HTTPS) connection to { $site } worked and the site answered in { $ms } ms.
network-https-server-error = { $site } is reachable, but the site reports an error (code { $status }).
    .explanation = Your connection works: the problem is on the website's side. It is usually fixed by the site's owners.
    .fix-1 = Try again in a few minutes.
    .fix-2 = If a work site keeps failing, tell your support team.
network-https-no-name = { $site } could not be found by name.
    .explanation = Your computer could not turn the name { $site } into an address. The name checks below say more about why.
    .fix-1 = Check the spelling of the address.
    .fix-2 = Look at the name lookup (DNS) results in this report.
    .fix-3 = Restart your router and wait two minutes.
network-https-timeout = { $site } does not answer.
    .explanation = The connection to { $site } got no answer in time. A firewall may be blocking it, or the site may be down.
    .fix-1 = Try another website. If only this one fails, the site may be down.
    .fix-2 = If you are on a work, school or hotel network, it may block this site: ask the network's support team.
    .fix-3 = Turn off any firewall or security app for a moment to test, then turn it back on.
network-https-refused = { $site } refused the connection.
    .explanation = A device answered for { $site } but would not accept a secure connection. The site may be down, or a firewall rejects it.
    .fix-1 = Try again in a few minutes.
    .fix-2 = If you are on a work or school network, ask its support team whether the site is blocked.
network-https-clock = { $site } cannot be opened securely because of a date problem.
    .explanation = Secure sites prove who they are with a certificate that is valid only between two dates. This one looks expired or not yet valid, which most often means your computer's date or time is wrong.
    .fix-1 = Check your computer's date, time and time zone, and set them to update automatically.
    .fix-2 = Restart your computer after fixing the time.
    .fix-3 = If the time is right, the site's certificate has expired: tell the site's owners or your support team.
network-https-intercepted = Something is intercepting secure connections to { $site }.
    .explanation = The site presented a certificate your computer does not trust. This happens when a company proxy, a security app, or someone on the network inspects secure traffic. Do not enter passwords until this is explained.
    .fix-1 = If you are on a public or hotel network, switch to another network, such as your phone's hotspot.
    .fix-2 = If this is a work computer, tell your support team: they may need to install the company's certificate.
    .fix-3 = Check whether a security or antivirus app inspects web traffic, and ask its vendor.
network-https-certificate = { $site } presented a certificate that does not fit.
    .explanation = The site's security certificate is for another name or is damaged, so the connection is not safe to use.
    .fix-1 = Check the address you typed.
    .fix-2 = If this is a work site, tell your support team.
network-https-proxy = The proxy did not let the connection to { $site } through.
    .explanation = Your web traffic goes through a proxy, a server between you and the internet, and it refused or asked for a sign-in.
    .fix-1 = Check the proxy result in this report.
    .fix-2 = Ask your support team whether your proxy settings or sign-in are right.
network-https-proxy-auth = Your proxy wants a user name and password before { $site } can open.
    .explanation = Your web traffic goes through a proxy, a server between you and the internet. It answered that it needs you to sign in (code 407), and no sign-in was given.
    .fix-1 = Open your web browser: it may ask for your work user name and password. Enter them there.
    .fix-2 = If your password changed recently, sign out of your computer and back in.
    .fix-3 = If you are never asked, ask your support team to check your proxy sign-in.
network-https-port-blocked = Your network blocks secure websites, so { $site } does not open.
    .explanation = Secure websites use port 443. Connections to every site Checkup tried on that port got no answer, while plain web connections (port 80) work. A firewall on this network or on this computer blocks secure web traffic, so most websites will not open.
    .fix-1 = If you use a firewall or security app, check that it allows your web browser.
    .fix-2 = If you are on a work, school or guest network, ask its support team: it may block this on purpose.
    .fix-3 = Try another network, such as your phone's hotspot, to see whether the problem is this network.
network-https-other = { $site } could not be opened.
    .explanation = The secure connection failed for a reason Checkup could not sort. The technical details show what happened.
    .fix-1 = Try again in a few minutes.
    .fix-2 = Send the report to your support team.
network-https-none = No secure websites are set to test.
    .explanation = The profile lists no websites for this check, so it was left out.

network-intranet-title = Company sites
network-intranet-ok = { $site } is reachable.
    .explanation = Your company's site answered, so the way to your company's network works.
network-intranet-server-error = { $site } is reachable, but it reports an error.
    .explanation = Your connection works: the problem is with the site itself.
    .fix-1 = Try again in a few minutes.
    .fix-2 = If it keeps failing, tell your support team.
network-intranet-no-name = { $site } could not be found by name.
    .explanation = { $vpn ->
        [on] Your VPN is connected, but the name { $site } is not known. The company's name servers may not be in use.
       *[other] Company sites are often known only inside the company network or through the VPN, which is not connected.
    }
    .fix-1 = Connect to your company VPN, then run Checkup again.
    .fix-2 = If you are in the office, check that you are on the company network, not the guest network.
    .fix-3 = Tell your support team if it still fails.
network-intranet-unreachable = { $site } cannot be reached.
    .explanation = { $vpn ->
        [on] Your VPN is connected, but the site does not answer. It may be down, or the VPN may not carry this site.
       *[other] Company sites often work only inside the company network or through the VPN, which is not connected.
    }
    .fix-1 = Connect to your company VPN, then run Checkup again.
    .fix-2 = If you are in the office, check that you are on the company network.
    .fix-3 = Tell your support team if it still fails.
network-intranet-certificate = { $site } could not be opened securely.
    .explanation = The site's security certificate was not accepted by your computer. Company sites sometimes need a company certificate installed.
    .fix-1 = Check your computer's date and time.
    .fix-2 = Ask your support team to check the company certificate on this computer.
network-intranet-none = No company sites are set to test.
    .explanation = The profile lists no company sites, so this check was left out.
network-intranet-unreadable = Checkup could not read your network connections.
    .explanation = The system did not answer in time, or refused the question. The technical details say why.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

network-latency-title = Connection quality
network-latency-ok = Your connection is quick and steady ({ $ms } ms).
    .explanation = Messages take { $ms } ms to go out and back, with little variation and no loss. Video calls, games and downloads should work well.
network-latency-slow = Your connection is slow to respond ({ $ms } ms).
    .explanation = Messages take { $ms } ms to go out and back. Websites feel sluggish, and video calls may lag, though downloads can still be fast.
    .fix-1 = Move closer to your Wi-Fi router, or use a cable.
    .fix-2 = Pause large downloads, backups or streams on this and other devices.
    .fix-3 = Restart your router and wait two minutes.
network-latency-jitter = Your connection is uneven (delays vary by { $jitter } ms).
    .explanation = The delay changes a lot from one moment to the next. Video and voice calls may stutter or break up, even though websites load.
    .fix-1 = Move closer to your Wi-Fi router, or use a cable.
    .fix-2 = Pause large downloads or streams on other devices.
    .fix-3 = Restart your router.
network-latency-loss = Your connection is losing some data ({ $loss }%).
    .explanation = Some messages never arrive and have to be sent again. Video calls may freeze and downloads slow down.
    .fix-1 = Move closer to your Wi-Fi router, or use a cable.
    .fix-2 = Restart your router and wait two minutes.
    .fix-3 = If it continues, call your internet provider.
network-latency-very-slow = Your connection is very slow to respond ({ $ms } ms).
    .explanation = Messages take { $ms } ms to go out and back. Video calls will not work well, and websites take a long time to start loading.
    .fix-1 = Use a cable instead of Wi-Fi, or move closer to the router.
    .fix-2 = Stop large downloads, backups or streams on this and other devices.
    .fix-3 = Restart your router, and call your internet provider if it continues.
network-latency-heavy-loss = Your connection is losing a lot of data ({ $loss }%).
    .explanation = Many messages never arrive. Websites may fail to load, video calls will break up, and downloads will be very slow.
    .fix-1 = Restart your router and wait two minutes.
    .fix-2 = Use a cable instead of Wi-Fi, or move closer to the router.
    .fix-3 = Call your internet provider: the line may be faulty.
network-latency-unmeasured = Checkup could not measure the delay of your connection.
    .explanation = None of the internet servers answered the measuring messages, by ping or otherwise. The internet connection results above say why.
    .fix-1 = Look at the internet connection results first.
network-latency-no-targets = No internet servers are set to measure with.
    .explanation = The profile lists no addresses of a kind your computer uses, so this check was left out.
network-latency-unreadable = Checkup could not read your network connections.
    .explanation = The system did not answer in time, or refused the question. The technical details say why.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.

network-wifi-title = Wi-Fi
network-wifi-ok = Your Wi-Fi signal is good ({ $signal }%) and the network is secured.
    .explanation = A strong signal keeps calls and downloads smooth, and the network uses encryption.
network-wifi-ok-security-unknown = Your Wi-Fi signal is good ({ $signal }%).
    .explanation = A strong signal keeps calls and downloads smooth. The system did not say how this network is secured, so Checkup cannot tell whether it is encrypted.
network-wifi-weak = Your Wi-Fi signal is weak ({ $signal }%).
    .explanation = With a weak signal, the connection is slow, drops out, and video calls break up.
    .fix-1 = Move closer to your Wi-Fi router, or remove obstacles between you.
    .fix-2 = Use a network cable if you can.
    .fix-3 = Ask whether a Wi-Fi extender or better router placement would help.
network-wifi-open = This Wi-Fi network is not secured.
    .explanation = Others nearby can see what you send that is not encrypted. Secure websites (with a lock) are still protected.
    .fix-1 = Use a secured network if one is available.
    .fix-2 = Avoid signing in to work or bank sites here, or connect to your company VPN first.
network-wifi-wep = This Wi-Fi network uses outdated security (WEP).
    .explanation = WEP can be broken in minutes, so this network is about as open as no password at all.
    .fix-1 = Use another network if you can.
    .fix-2 = If this is your own router, switch it to WPA2 or WPA3 in its settings.
network-wifi-idle = This Wi-Fi adapter is not in use.
    .explanation = It is not connected to a network right now, so there is nothing to measure.
network-wifi-unknown = Checkup cannot read the Wi-Fi signal on this system.
    .explanation = The system does not share signal or security details with ordinary users here, so this check was left out.
network-wifi-none = This computer has no Wi-Fi.
    .explanation = No Wi-Fi adapter was found, so there is nothing to check.
network-wifi-unreadable = Checkup could not read your network connections.
    .explanation = The system did not answer in time, or refused the question. The technical details say why.
    .fix-1 = Run Checkup again.
    .fix-2 = If this keeps happening, send the report to your support team.
