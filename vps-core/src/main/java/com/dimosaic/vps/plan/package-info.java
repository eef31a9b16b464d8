/** Plans (ordered intended changes, serialisable to JSON) and the {@link com.dimosaic.vps.plan.Confirmation} seam. */
package com.dimosaic.vps.plan;
