#!/usr/bin/env python3
"""Makes icons/icon.ico, which the Windows build embeds, from icons/icon.png: one 256x256
entry holding the PNG itself (Windows Vista and later read PNG entries)."""
import pathlib
import struct

here = pathlib.Path(__file__).parent
png = (here / "icon.png").read_bytes()
width, height = struct.unpack(">II", png[16:24])
header = struct.pack("<HHH", 0, 1, 1)
entry = struct.pack("<BBBBHHII", width % 256, height % 256, 0, 0, 1, 32, len(png), 6 + 16)
(here / "icon.ico").write_bytes(header + entry + png)
