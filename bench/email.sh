#!/usr/bin/env bash
# Email benchmark (issue 7, "Scale"); see docs/benchmarks.md.
#   bash bench/email.sh
# Builds Release and runs, in one process, an in-process SMTP server on 127.0.0.1, then a campaign of 60,000 messages
# through the app's code (SQLite file in WAL mode, the app's own Hangfire server, throttling off) from the outbox rows to
# the last message marked sent, then a bare MailKit loop sending the same number of messages with the same bodies over
# one connection to the same server. Prints both rates, the ratio (target ≥ 70 %) and the load average.
#
# Environment:
#   COUNT=60000 WORKERS=2 (Hangfire workers of the app)   KEEP=1 keeps the work folder
#   CODES=1 gives the persons their letter code beforehand (their letters were composed first)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Notifier.Benchmarks -c Release -v q -nologo >/dev/null
exec dotnet bench/Notifier.Benchmarks/bin/Release/net10.0/Notifier.Benchmarks.dll email \
  --count "${COUNT:-60000}" --workers "${WORKERS:-2}" --keep "${KEEP:-0}" --codes "${CODES:-0}"
