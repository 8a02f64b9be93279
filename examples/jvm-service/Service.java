// jvm-service: a tiny JVM service for memgate's examples and tests. JDK only (com.sun.net.httpserver),
// no build tool, no dependencies: `javac Service.java && java Service`.
//
//   PORT                    port to listen on (default 8080)
//   LEAK_BYTES_PER_REQUEST  bytes retained forever per GET /items, as LeakedRecord objects (default 0)
//
//   GET  /healthz   200 ok
//   GET  /items     small JSON array (leaks when LEAK_BYTES_PER_REQUEST > 0)
//   POST /debug/gc  System.gc()
//   GET  /metrics   Prometheus text, written by hand with the JMX exporter's family names:
//                   jvm_memory_bytes_used/committed/max{area}, jvm_memory_pool_bytes_used{pool},
//                   jvm_buffer_pool_used_bytes{pool}, jvm_gc_collection_seconds_count/sum{gc}
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

public final class Service {
  /** What a leak retains: its own class, so a class histogram names it. */
  static final class LeakedRecord {
    final long id;
    final byte[] payload;

    LeakedRecord(long id, int bytes) {
      this.id = id;
      this.payload = new byte[bytes];
      java.util.Arrays.fill(this.payload, (byte) 1);
    }
  }

  private static final List<LeakedRecord> LEAKED = new ArrayList<>();
  private static long requests = 0;

  private static int intEnv(String name, int fallback) {
    String raw = System.getenv(name);
    return raw == null || raw.isEmpty() ? fallback : Integer.parseInt(raw);
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("content-type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String label(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static void family(StringBuilder sb, String name, String type, String help) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  static String metrics() {
    StringBuilder sb = new StringBuilder();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
    family(sb, "jvm_memory_bytes_used", "gauge", "Used bytes of a given JVM memory area.");
    sb.append("jvm_memory_bytes_used{area=\"heap\",} ").append((double) heap.getUsed()).append('\n');
    sb.append("jvm_memory_bytes_used{area=\"nonheap\",} ").append((double) nonHeap.getUsed()).append('\n');
    family(sb, "jvm_memory_bytes_committed", "gauge", "Committed (bytes) of a given JVM memory area.");
    sb.append("jvm_memory_bytes_committed{area=\"heap\",} ").append((double) heap.getCommitted()).append('\n');
    sb.append("jvm_memory_bytes_committed{area=\"nonheap\",} ").append((double) nonHeap.getCommitted()).append('\n');
    family(sb, "jvm_memory_bytes_max", "gauge", "Max (bytes) of a given JVM memory area.");
    sb.append("jvm_memory_bytes_max{area=\"heap\",} ").append((double) heap.getMax()).append('\n');
    sb.append("jvm_memory_bytes_max{area=\"nonheap\",} ").append((double) nonHeap.getMax()).append('\n');
    family(sb, "jvm_memory_pool_bytes_used", "gauge", "Used bytes of a given JVM memory pool.");
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      sb.append("jvm_memory_pool_bytes_used{pool=\"").append(label(p.getName())).append("\",} ")
          .append((double) p.getUsage().getUsed()).append('\n');
    }
    family(sb, "jvm_buffer_pool_used_bytes", "gauge", "Used bytes of a given JVM buffer pool.");
    for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      sb.append("jvm_buffer_pool_used_bytes{pool=\"").append(label(b.getName())).append("\",} ")
          .append((double) b.getMemoryUsed()).append('\n');
    }
    family(sb, "jvm_gc_collection_seconds", "summary", "Time spent in a given JVM garbage collector in seconds.");
    for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
      String gc = label(g.getName());
      sb.append("jvm_gc_collection_seconds_count{gc=\"").append(gc).append("\",} ")
          .append((double) g.getCollectionCount()).append('\n');
      sb.append("jvm_gc_collection_seconds_sum{gc=\"").append(gc).append("\",} ")
          .append(g.getCollectionTime() / 1000.0).append('\n');
    }
    return sb.toString();
  }

  public static void main(String[] args) throws IOException {
    int port = intEnv("PORT", 8080);
    int leakBytes = intEnv("LEAK_BYTES_PER_REQUEST", 0);
    HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 64);
    server.createContext("/healthz", ex -> send(ex, 200, "text/plain", "ok"));
    server.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4", metrics()));
    server.createContext("/debug/gc", ex -> {
      System.gc();
      send(ex, 200, "application/json", "{\"gc\":true}");
    });
    server.createContext("/items", ex -> {
      synchronized (LEAKED) {
        requests++;
        if (leakBytes > 0) LEAKED.add(new LeakedRecord(requests, leakBytes));
      }
      send(ex, 200, "application/json", "[{\"id\":1,\"name\":\"alpha\"},{\"id\":2,\"name\":\"beta\"}]");
    });
    server.setExecutor(Executors.newFixedThreadPool(4));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    server.start();
    System.out.println("listening on " + port);
  }
}
