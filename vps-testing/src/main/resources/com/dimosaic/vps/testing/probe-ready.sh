#!/bin/sh
# The wiring probe's health check (installed as /app/zitadel for "zitadel ready", and as probe-ready):
# healthy once every wiring check passed.
exec test -e /tmp/probe-ready
