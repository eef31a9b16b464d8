/**
 * The stack folder on a host and what every workflow does there: {@link com.dimosaic.vps.stack.StackDir}
 * (commands as the app user in {@link com.dimosaic.vps.core.HostLayout#STACK_DIR}),
 * {@link com.dimosaic.vps.stack.StackFiles} (render and upload the generated files),
 * {@link com.dimosaic.vps.stack.Health} (health waits), {@link com.dimosaic.vps.stack.ImagePins}
 * (the override file that pins delivered images), {@link com.dimosaic.vps.stack.DeployLock} and
 * {@link com.dimosaic.vps.stack.AuditLog} (in the state folder), and
 * {@link com.dimosaic.vps.stack.Checkout} (repositories built on the host). Provisioning, deploy and
 * application delivery all use it and never each other; their failures are
 * {@link com.dimosaic.vps.stack.DeployException}.
 */
package com.dimosaic.vps.stack;
