package com.dimosaic.vps.phase;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.RemoteHost;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One phase of a workflow (pre-flight, users, firewall, …). {@link #execute} runs idempotent steps
 * and says for each whether it changed the host; {@link #cleanup} runs when execute failed.
 */
public interface Phase {
  /**
   * What a phase works with, and where it leaves a result for the run's report (the validation
   * phase's report, for example): {@link #put} and {@link #get} by type, never an out-parameter.
   */
  interface Context {
    /** The host. */
    RemoteHost host();

    /** The profile. */
    Profile profile();

    /** Where progress goes. */
    ProgressListener listener();

    /** Leaves a result of type {@code type} for the run (replaces an earlier one of that type). */
    <T> void put(Class<T> type, T value);

    /** The result of type {@code type} a phase left, if any. */
    <T> Optional<T> get(Class<T> type);

    /** A context from its parts. */
    static Context of(RemoteHost host, Profile profile, ProgressListener listener) {
      Map<Class<?>, Object> results = new ConcurrentHashMap<>();
      return new Context() {
        @Override
        public RemoteHost host() {
          return host;
        }

        @Override
        public Profile profile() {
          return profile;
        }

        @Override
        public ProgressListener listener() {
          return listener;
        }

        @Override
        public <T> void put(Class<T> type, T value) {
          results.put(type, type.cast(Objects.requireNonNull(value, "value == null")));
        }

        @Override
        public <T> Optional<T> get(Class<T> type) {
          return Optional.ofNullable(results.get(type)).map(type::cast);
        }
      };
    }
  }

  /** A short name such as {@code firewall}. */
  String name();

  /** The steps this phase would take, for plans and dry runs (no remote call). */
  List<String> describe(Profile profile);

  /**
   * Runs the phase.
   *
   * @return the steps taken
   * @throws com.dimosaic.vps.core.VpsException when the phase fails
   */
  List<StepResult> execute(Context context);

  /** Undoes partial work after a failure. The default does nothing. Must not throw. */
  default void cleanup(Context context, Throwable failure) {}
}
