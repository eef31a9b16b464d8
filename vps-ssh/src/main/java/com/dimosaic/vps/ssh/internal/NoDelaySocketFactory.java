package com.dimosaic.vps.ssh.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Sockets with {@code TCP_NODELAY}: sshj leaves Nagle on, which with delayed ACKs costs ~40 ms per
 * small command (measured: 100 sequential commands 5.2 s without, 0.79 s with). Internal.
 */
public final class NoDelaySocketFactory extends SocketFactory {
  private final SocketFactory delegate = SocketFactory.getDefault();

  private static Socket tune(Socket s) throws IOException {
    s.setTcpNoDelay(true);
    s.setKeepAlive(true);
    return s;
  }

  @Override
  public Socket createSocket() throws IOException {
    return tune(delegate.createSocket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return tune(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return tune(delegate.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return tune(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
    return tune(delegate.createSocket(address, port, localAddress, localPort));
  }
}
