/**
 * The network runtime: the Netty transport and wire codec, the coordinator, server and worker
 * processes, the local launcher, and peer authentication. The core ({@code ps}) never imports
 * Netty; this module implements its transport seam over TCP.
 */
package org.petuum4j.net;
