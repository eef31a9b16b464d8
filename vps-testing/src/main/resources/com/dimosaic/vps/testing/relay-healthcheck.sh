#!/bin/sh
# the upstream image's health check path: healthy while postfix runs
exec postfix status >/dev/null 2>&1
