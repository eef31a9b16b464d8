package com.dimosaic.vps.validation;

import com.dimosaic.vps.remote.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How checks reach services: in their containers through {@code docker compose} (the default for
 * provisioned hosts), or directly on the host (services installed without Docker; then there are no
 * containers to list and no container logs).
 */
public interface ServiceAccess {
  /** The command that runs {@code argv} inside {@code service}. */
  Command exec(String service, List<String> argv);

  /** The command listing the service's containers as {@code docker compose ps --format json} lines, if containerised. */
  default Optional<Command> containers(String service) {
    return Optional.empty();
  }

  /** The command printing the service's logs of the last hour, if containerised. */
  default Optional<Command> logs(String service) {
    return Optional.empty();
  }

  /** {@code docker compose} in the deployment folder, as {@code user}. */
  static ServiceAccess compose(String projectDir, String user) {
    return new ServiceAccess() {
      @Override
      public Command exec(String service, List<String> argv) {
        List<String> words = new ArrayList<>(List.of("docker", "compose", "exec", "-T", service));
        words.addAll(argv);
        return Command.of(words).inDirectory(projectDir).asUser(user);
      }

      @Override
      public Optional<Command> containers(String service) {
        return Optional.of(Command.of("docker", "compose", "ps", "--all", "--format", "json", service).inDirectory(projectDir).asUser(user));
      }

      @Override
      public Optional<Command> logs(String service) {
        return Optional.of(Command.of("docker", "compose", "logs", "--since", "1h", "--no-color", service).inDirectory(projectDir)
            .asUser(user));
      }
    };
  }

  /** Runs commands on the host itself. */
  static ServiceAccess host() {
    return (service, argv) -> Command.of(argv);
  }
}
