/*
 * STAND-IN for the mox binary, used only by the tests: no mox build can be downloaded on this machine.
 * A real ELF executable (so the installer's architecture check runs for real) that hands over to
 * mox-standin.sh next to it (or at STANDIN_SCRIPT when compiled with one), which implements only what
 * the installer calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef STANDIN_BUILD
#define STANDIN_BUILD "1"
#endif

int main(int argc, char **argv) {
  static char script[4096];
  static char *args[64];
#ifdef STANDIN_SCRIPT
  snprintf(script, sizeof script, "%s", STANDIN_SCRIPT);
#else
  ssize_t n = readlink("/proc/self/exe", script, sizeof script - 4);
  if (n < 0) {
    perror("readlink");
    return 1;
  }
  script[n] = 0;
  strcat(script, ".sh");
#endif
  args[0] = "sh";
  args[1] = script;
  int i;
  for (i = 1; i < argc && i < 60; i++) {
    args[i + 1] = argv[i];
  }
  args[i + 1] = NULL;
  setenv("STANDIN_BUILD", STANDIN_BUILD, 1);
  execv("/bin/sh", args);
  perror("execv");
  return 1;
}
