package com.dimosaic.vps.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The drain's count of open connections, from a container's {@code /proc/<pid>/net/tcp} and {@code tcp6}. */
class BlueGreenTest {
  private static final String TCP = """
        sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
         0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
         1: 0B00A8C0:1F90 0500A8C0:A2C4 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1
         2: 0B00A8C0:1F90 0500A8C0:A2C6 06 00000000:00000000 03:00000F9E 00000000     0        0 0 3 0
         3: 0B00A8C0:D3A4 0300A8C0:1538 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 20 4 30 10 -1
      """;
  private static final String TCP6 = """
        sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
         0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4 1 0 100 0 0 10 0
         1: 0000000000000000FFFF00000B00A8C0:1F90 0000000000000000FFFF00000500A8C0:A2D0 01 00000000:00000000 00:00000000 00000000     0        0 5 1 0 20 4 30 10 -1
      """;

  @Test
  void countsEstablishedConnectionsToTheRoutePortsOnly() {
    // listening (0A) and TIME_WAIT (06) rows are not open connections; 0x1538 = 5432 is an outgoing one to PostgreSQL
    assertEquals(2, BlueGreen.established(TCP + TCP6, List.of(8080)));
    assertEquals(0, BlueGreen.established(TCP, List.of(3000)));
    assertEquals(0, BlueGreen.established("", List.of(8080)));
  }
}
