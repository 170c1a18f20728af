package org.petuum4j.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;

/** Makes the TLS handler of a connection (see {@code TlsConfig}). */
@FunctionalInterface
interface TlsSupport {
  ChannelHandler newHandler(ByteBufAllocator alloc, boolean server);
}
