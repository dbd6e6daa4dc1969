"""Prints the seconds from starting a command to its first line of standard output (then lets it finish)."""
import subprocess
import sys
import time

started = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
process.stdout.readline()
first = time.perf_counter() - started
process.stdout.read()
if process.wait() != 0:
    sys.exit(f"{' '.join(sys.argv[1:])} exited with {process.returncode}")
print(f"{first:.3f}")
