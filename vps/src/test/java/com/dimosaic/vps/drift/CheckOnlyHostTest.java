package com.dimosaic.vps.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.OutputListener;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.secrets.Redactor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Check mode's line between looking and changing: what the provisioning phases run to look goes to
 * the host, everything else is recorded and answered with success; a write's intent carries the diff
 * against the host's file (the live one for a staged file), with the session's secrets masked.
 */
class CheckOnlyHostTest {
  @Test
  void looksGoToTheHostChangesNever() {
    for (List<String> look : List.of(List.of("id", "-u", "app"), List.of("dpkg-query", "-W", "ufw"), List.of("ufw", "show", "added"),
        List.of("ufw", "status"), List.of("systemctl", "is-enabled", "docker"), List.of("docker", "compose", "ps", "--format", "json"),
        List.of("docker", "image", "inspect", "x"), List.of("stat", "-c", "%a %U %G", "--", "/etc/x"), List.of("apt-get", "-q", "-s", "upgrade"),
        List.of("sh", "-c", "readlink /etc/localtime | sed 's|.*/zoneinfo/||'"),
        List.of("sh", "-c", "find /x -maxdepth 1 -name '*P*' 2>/dev/null | grep -q ."), List.of("/home/mox/mox", "version"))) {
      assertTrue(CheckOnlyHost.readOnly(look), "a look: " + look);
    }
    for (List<String> change : List.of(List.of("useradd", "app"), List.of("ufw", "allow", "443/tcp"), List.of("ufw", "delete", "allow", "1/tcp"),
        List.of("systemctl", "restart", "mox"), List.of("apt-get", "-q", "-y", "install", "ufw"), List.of("docker", "compose", "up", "-d"),
        List.of("chmod", "600", "--", "/x"), List.of("sh", "-c", "cat > \"$1\"", "sh", "/x"), List.of("sh", "-c", "echo \"$1\" > /etc/timezone"),
        List.of("sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && touch \"$1\""), List.of("sh", "-c", "ln -sfn a b && mv -T b c"),
        List.of("/home/mox/mox", "-config", "/x/mox.conf", "config", "test"), List.of("some-new-tool", "--flag"))) {
      assertFalse(CheckOnlyHost.readOnly(change), "a change: " + change);
    }
  }

  @Test
  void aChangeIsRecordedNotRunAndAWriteCarriesItsMaskedDiff() {
    RemoteHost host = mock(RemoteHost.class);
    when(host.redactor()).thenReturn(Redactor.of(java.util.Map.of("TOKEN", "s3cr3t-value")));
    when(host.run(any(Command.class), any(OutputListener.class))).thenReturn(new CommandResult("id", 0, "0\n", "", Duration.ZERO));
    when(host.read(anyString())).thenReturn(Optional.empty());
    when(host.read("/home/app/docker/.env")).thenReturn(Optional.of("A=1\nTOKEN=s3cr3t-value\n".getBytes(StandardCharsets.UTF_8)));
    when(host.read("/home/mox/config/mox.conf")).thenReturn(Optional.of("LogLevel: debug\n".getBytes(StandardCharsets.UTF_8)));
    CheckOnlyHost check = new CheckOnlyHost(host);
    assertTrue(check.run(Command.of("ufw", "allow", "443/tcp")).ok());
    verify(host, never()).run(any(Command.class), any(OutputListener.class));
    assertEquals("0\n", check.run(Command.of("id", "-u")).stdout());
    check.upload("/home/app/docker/.env", "A=2\nTOKEN=s3cr3t-value\n".getBytes(StandardCharsets.UTF_8), FileSpec.DEFAULT);
    check.upload("/home/mox/config/.vps-staged/mox.conf", "LogLevel: info\n".getBytes(StandardCharsets.UTF_8), FileSpec.DEFAULT);
    check.run(Command.of("sh", "-c", "cat > \"$1\"", "sh", "/home/app/docker/Caddyfile").withStdin("x\n".getBytes(StandardCharsets.UTF_8)));
    verify(host, never()).upload(anyString(), any(byte[].class), any(FileSpec.class));
    List<CheckOnlyHost.Intent> intents = check.since(0);
    assertEquals("ufw allow 443/tcp", intents.get(0).what());
    String env = intents.get(1).diff().orElseThrow();
    assertTrue(env.contains("-A=1\n+A=2\n"), env);
    assertFalse(env.contains("s3cr3t-value"), env);
    assertEquals(Optional.of("/home/mox/config/mox.conf"), intents.get(2).path(), "a staged file is compared with the live one");
    assertTrue(intents.get(2).diff().orElseThrow().contains("-LogLevel: debug\n+LogLevel: info\n"));
    assertEquals(Optional.of("/home/app/docker/Caddyfile"), intents.get(3).path(), "an in-place write is a write");
    assertEquals(4, check.mark());
  }
}
