package com.example.consumer;

import com.dimosaic.vps.OfflinePlan;
import com.dimosaic.vps.Vps;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import java.nio.file.Path;
import java.util.Map;

/** A user's module: loads a profile (SOPS secrets decrypted) and plans it, on the module path. */
public class Main {
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    Profile p = ProfileLoader.builder()
        .ageKeys(AgeKeys.builder().identityFile(dir.resolve("demo-age-key.txt")).environment(Map.of()).build()).build().loadFrom(dir);
    OfflinePlan plan = Vps.plan(p);
    System.out.println("module " + Main.class.getModule().getName() + " read " + Vps.class.getModule().getName() + ": "
        + plan.files().size() + " files, " + plan.dns().size() + " zone(s), secret " + p.secrets().get("POSTGRES_PASSWORD").name());
  }
}
