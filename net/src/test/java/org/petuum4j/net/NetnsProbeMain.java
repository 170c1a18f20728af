package org.petuum4j.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A tiny TCP program that {@link NetnsTest} runs inside the simulated hosts, one JVM per role.
 *
 * <ul>
 *   <li>{@code server ADDR...}: listens on every {@code ADDR} (ephemeral port each), prints
 *       {@code LISTEN ADDR PORT} per listener, answers each connection's first line {@code L} with
 *       {@code echo:L}, and exits when its standard input closes.
 *   <li>{@code client OP...}: runs each op in order, printing one line per op: {@code resolve:NAME}
 *       prints {@code RESOLVED NAME IP} or {@code UNRESOLVED NAME reason}; {@code localhost} prints
 *       {@code LOCALHOST IP} of {@code InetAddress.getLocalHost()}; {@code echo:HOST:PORT:MSG}
 *       connects (by name or address), sends {@code MSG} and prints {@code REPLY line} or
 *       {@code FAILED reason}. Exits 0 once all ops have run.
 * </ul>
 */
public final class NetnsProbeMain {

  private NetnsProbeMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("server")) {
      server(args);
    } else if (args.length >= 2 && args[0].equals("client")) {
      client(args);
    } else {
      System.err.println("usage: server ADDR... | client OP...");
      System.exit(2);
    }
  }

  private static void server(String[] args) throws IOException {
    for (int i = 1; i < args.length; i++) {
      ServerSocket ss = new ServerSocket();
      ss.bind(new InetSocketAddress(InetAddress.getByName(args[i]), 0));
      System.out.println("LISTEN " + args[i] + " " + ss.getLocalPort());
      Thread t = new Thread(() -> acceptLoop(ss), "accept-" + args[i]);
      t.setDaemon(true);
      t.start();
    }
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to close our stdin (or kill us)
    }
    System.exit(0);
  }

  private static void acceptLoop(ServerSocket ss) {
    while (true) {
      try (Socket s = ss.accept()) {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        String line = in.readLine();
        OutputStream out = s.getOutputStream();
        out.write(("echo:" + line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        System.err.println("connection failed: " + e);
      }
    }
  }

  private static void client(String[] args) {
    for (int i = 1; i < args.length; i++) {
      String op = args[i];
      if (op.startsWith("resolve:")) {
        String name = op.substring("resolve:".length());
        try {
          System.out.println("RESOLVED " + name + " " + InetAddress.getByName(name).getHostAddress());
        } catch (IOException e) {
          System.out.println("UNRESOLVED " + name + " " + e);
        }
      } else if (op.equals("localhost")) {
        try {
          System.out.println("LOCALHOST " + InetAddress.getLocalHost().getHostAddress());
        } catch (IOException e) {
          System.out.println("UNRESOLVED localhost " + e);
        }
      } else if (op.startsWith("echo:")) {
        String[] p = op.split(":", 4);
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(p[1], Integer.parseInt(p[2])), 3000);
          s.setSoTimeout(3000);
          s.getOutputStream().write((p[3] + "\n").getBytes(StandardCharsets.UTF_8));
          s.getOutputStream().flush();
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
          System.out.println("REPLY " + in.readLine());
        } catch (IOException e) {
          System.out.println("FAILED " + e);
        }
      } else {
        System.out.println("BADOP " + op);
      }
    }
    System.out.flush();
  }
}
