package com.dimosaic.vps.profile;

import com.dimosaic.vps.core.HostLayout;
import java.util.List;

/**
 * A static front end served by Caddy from {@code /var/www/<name>/current}.
 *
 * @param name the site's name (folder under {@code /var/www})
 * @param hosts route hosts (labels, {@code @}, or full names ending with a dot)
 */
public record StaticSite(String name, List<String> hosts) {
  /** The folder Caddy serves. */
  public String root() {
    return HostLayout.SITES_DIR + "/" + name + "/current";
  }
}
