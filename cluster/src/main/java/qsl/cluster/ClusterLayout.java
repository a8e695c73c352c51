package qsl.cluster;

import java.util.List;

/**
 * Where the members of one cluster listen: one host per member and a port base. Member {@code m}
 * uses ports {@code portBase + m * PORTS_PER_MEMBER + offset}, the offsets below. Every member and
 * every gateway must be given the same hosts and port base.
 *
 * @param hosts host name or address of each member, indexed by member id
 * @param portBase first port of member 0
 */
public record ClusterLayout(List<String> hosts, int portBase) {
    public static final int PORTS_PER_MEMBER = 10;
    public static final int INGRESS = 0;
    public static final int CONSENSUS = 1;
    public static final int LOG = 2;
    public static final int CATCHUP = 3;
    public static final int ARCHIVE_CONTROL = 4;

    public ClusterLayout {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) throw new IllegalArgumentException("no members");
        if (portBase < 1024 || portBase + hosts.size() * PORTS_PER_MEMBER > 65535) {
            throw new IllegalArgumentException("port base " + portBase + " leaves no room for " + hosts.size() + " members");
        }
    }

    /** {@code count} members on 127.0.0.1. */
    public static ClusterLayout loopback(int count, int portBase) {
        return new ClusterLayout(java.util.Collections.nCopies(count, "127.0.0.1"), portBase);
    }

    /** Parses "host1,host2,host3". */
    public static ClusterLayout parse(String hosts, int portBase) {
        return new ClusterLayout(List.of(hosts.split(",")), portBase);
    }

    public int size() {
        return hosts.size();
    }

    public int port(int member, int offset) {
        return portBase + member * PORTS_PER_MEMBER + offset;
    }

    public String endpoint(int member, int offset) {
        return hosts.get(member) + ":" + port(member, offset);
    }

    /** Aeron Cluster's members string: {@code id,ingress,consensus,log,catchup,archive|...}. */
    public String clusterMembers() {
        StringBuilder sb = new StringBuilder();
        for (int m = 0; m < size(); m++) {
            if (m > 0) sb.append('|');
            sb.append(m).append(',').append(endpoint(m, INGRESS)).append(',').append(endpoint(m, CONSENSUS)).append(',')
                    .append(endpoint(m, LOG)).append(',').append(endpoint(m, CATCHUP)).append(',')
                    .append(endpoint(m, ARCHIVE_CONTROL));
        }
        return sb.toString();
    }

    /** A client's ingress endpoints: {@code 0=host:port,1=...}. */
    public String ingressEndpoints() {
        StringBuilder sb = new StringBuilder();
        for (int m = 0; m < size(); m++) {
            if (m > 0) sb.append(',');
            sb.append(m).append('=').append(endpoint(m, INGRESS));
        }
        return sb.toString();
    }
}
