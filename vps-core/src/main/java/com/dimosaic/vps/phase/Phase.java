package com.dimosaic.vps.phase;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.progress.ProgressListener;
import com.dimosaic.vps.remote.RemoteHost;
import java.util.List;

/**
 * One phase of a workflow (pre-flight, users, firewall, …). {@link #execute} runs idempotent steps
 * and says for each whether it changed the host; {@link #cleanup} runs when execute failed.
 */
public interface Phase {
  /** What a phase works with. */
  interface Context {
    /** The host. */
    RemoteHost host();

    /** The profile. */
    Profile profile();

    /** Where progress goes. */
    ProgressListener listener();

    /** A context from its parts. */
    static Context of(RemoteHost host, Profile profile, ProgressListener listener) {
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
