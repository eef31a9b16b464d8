/** Generated files ({@link com.dimosaic.vps.render.RenderedFile}) as the generators hand them to plans and uploads. */
package com.dimosaic.vps.render;
