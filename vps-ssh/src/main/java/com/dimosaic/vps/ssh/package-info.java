/**
 * The SSH transport: {@link com.dimosaic.vps.ssh.SshRemoteHost} implements {@code RemoteHost} over one sshj
 * connection with strict host-key checking, parallel commands, SFTP uploads with atomic replace and
 * typed failures. Build targets with {@link com.dimosaic.vps.ssh.SshTarget}.
 */
package com.dimosaic.vps.ssh;
