package qsl.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.codecs.AdminRequestType;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.io.File;
import java.util.List;
import java.util.function.Supplier;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;
import qsl.book.EngineConfig;
import qsl.book.SymbolSpec;

/**
 * One cluster member: an embedded media driver, archive and consensus module
 * ({@link ClusteredMediaDriver}) plus the service container running an
 * {@link EngineClusteredService}. Every agent runs on one shared thread per component and idles
 * with a back-off that parks, so an idle member costs little CPU.
 *
 * <p>Directories under {@code memberDir}: {@code archive/} (the recorded log and snapshots),
 * {@code cluster/} (recording log, mark files) and {@code aeron/} (the media driver's buffers,
 * recreated at each start). Restarting with the same {@code memberDir} recovers from the latest
 * snapshot plus the log after it, then catches up from the leader.
 */
public final class ClusterMemberNode implements AutoCloseable {
    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;
    private final ClusteredService service;
    private final int memberId;
    private final File clusterDir;

    private ClusterMemberNode(ClusteredMediaDriver driver, ClusteredServiceContainer container, ClusteredService service,
                              int memberId, File clusterDir) {
        this.driver = driver;
        this.container = container;
        this.service = service;
        this.memberId = memberId;
        this.clusterDir = clusterDir;
    }

    /** An idle strategy that spins briefly, then parks up to {@code maxParkMicros}. */
    public static Supplier<IdleStrategy> backoff(long maxParkMicros) {
        return () -> new BackoffIdleStrategy(10, 10, 1_000, maxParkMicros * 1_000);
    }

    /**
     * Starts member {@code memberId} of {@code layout}.
     *
     * @param maxParkMicros longest park of every agent's idle strategy (latency against idle CPU)
     * @param errors where agent errors go (null: Aeron's default, the member's error log)
     */
    public static ClusterMemberNode launch(ClusterLayout layout, int memberId, File memberDir, ClusterTimings timings,
                                           EngineConfig config, List<SymbolSpec> symbols,
                                           EngineClusteredService.DigestListener listener, long maxParkMicros,
                                           ErrorHandler errors) {
        return launch(layout, memberId, memberDir, timings, new EngineClusteredService(memberId, config, symbols, listener),
                maxParkMicros, errors);
    }

    /** Starts member {@code memberId} of {@code layout} running {@code service}. */
    public static ClusterMemberNode launch(ClusterLayout layout, int memberId, File memberDir, ClusterTimings timings,
                                           ClusteredService service, long maxParkMicros, ErrorHandler errors) {
        String host = layout.hosts().get(memberId);
        String aeronDir = new File(memberDir, "aeron").getAbsolutePath();
        File clusterDir = new File(memberDir, "cluster");
        Supplier<IdleStrategy> idle = backoff(maxParkMicros);

        MediaDriver.Context driverCtx = new MediaDriver.Context()
                .aeronDirectoryName(aeronDir)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(idle.get())
                .termBufferSparseFile(true)
                .publicationTermBufferLength(256 * 1024)
                .ipcTermBufferLength(256 * 1024)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true);

        AeronArchive.Context replicationClient = new AeronArchive.Context()
                .controlResponseChannel("aeron:udp?endpoint=" + host + ":0");
        Archive.Context archiveCtx = new Archive.Context()
                .aeronDirectoryName(aeronDir)
                .archiveDir(new File(memberDir, "archive"))
                .archiveId(memberId)
                .controlChannel("aeron:udp?endpoint=" + layout.endpoint(memberId, ClusterLayout.ARCHIVE_CONTROL))
                .localControlChannel("aeron:ipc?term-length=64k")
                .replicationChannel("aeron:udp?endpoint=" + host + ":0")
                .archiveClientContext(replicationClient)
                .recordingEventsEnabled(false)
                .segmentFileLength(8 * 1024 * 1024)
                .threadingMode(ArchiveThreadingMode.SHARED)
                .idleStrategySupplier(idle);
        if (errors != null) {
            driverCtx.errorHandler(errors);
            archiveCtx.errorHandler(errors);
        }

        AeronArchive.Context localArchive = new AeronArchive.Context()
                .lock(NoOpLock.INSTANCE)
                .controlRequestChannel(archiveCtx.localControlChannel())
                .controlRequestStreamId(archiveCtx.localControlStreamId())
                .controlResponseChannel(archiveCtx.localControlChannel())
                .aeronDirectoryName(aeronDir);

        ConsensusModule.Context cmCtx = new ConsensusModule.Context()
                .clusterMemberId(memberId)
                .clusterMembers(layout.clusterMembers())
                .clusterDir(clusterDir)
                .ingressChannel("aeron:udp?term-length=256k")
                .logChannel("aeron:udp?term-length=1m")
                .replicationChannel("aeron:udp?endpoint=" + host + ":0")
                .archiveContext(localArchive.clone())
                .serviceCount(1)
                .leaderHeartbeatIntervalNs(ClusterTimings.ns(timings.heartbeatIntervalMs()))
                .leaderHeartbeatTimeoutNs(ClusterTimings.ns(timings.heartbeatTimeoutMs()))
                .electionTimeoutNs(ClusterTimings.ns(timings.electionTimeoutMs()))
                .startupCanvassTimeoutNs(ClusterTimings.ns(timings.startupCanvassMs()))
                .sessionTimeoutNs(ClusterTimings.ns(timings.sessionTimeoutMs()))
                .authorisationServiceSupplier(() -> (protocolId, actionId, type, principal) -> type == AdminRequestType.SNAPSHOT)
                .idleStrategySupplier(idle);
        cmCtx.aeronDirectoryName(aeronDir);
        if (errors != null) cmCtx.errorHandler(errors);

        ClusteredServiceContainer.Context serviceCtx = new ClusteredServiceContainer.Context()
                .archiveContext(localArchive.clone())
                .clusterDir(clusterDir)
                .clusteredService(service)
                .serviceId(0)
                .idleStrategySupplier(idle);
        serviceCtx.aeronDirectoryName(aeronDir);
        if (errors != null) serviceCtx.errorHandler(errors);

        ClusteredMediaDriver driver = ClusteredMediaDriver.launch(driverCtx, archiveCtx, cmCtx);
        ClusteredServiceContainer container;
        try {
            container = ClusteredServiceContainer.launch(serviceCtx);
        } catch (RuntimeException e) {
            CloseHelper.quietClose(driver);
            throw e;
        }
        return new ClusterMemberNode(driver, container, service, memberId, clusterDir);
    }

    public int memberId() {
        return memberId;
    }

    /** The engine service this member runs (when it was launched with one). */
    public EngineClusteredService service() {
        return (EngineClusteredService) service;
    }

    /** The clustered service this member runs. */
    public ClusteredService clusteredService() {
        return service;
    }

    /**
     * Snapshots this member's consensus module has completed since it started (any thread): a
     * snapshot counts once every service wrote it and the recording log names it, so a restart finds it.
     */
    public long snapshotsCompleted() {
        return driver.consensusModule().context().snapshotCounter().get();
    }

    /** The media driver directory of this member (a co-located cluster client may use it). */
    public String aeronDirectoryName() {
        return driver.mediaDriver().aeronDirectoryName();
    }

    /** The consensus module's directory (recording log, mark file): what the cluster tool works on. */
    public File clusterDir() {
        return clusterDir;
    }

    /** Stops every agent at once, without telling the other members: to them it looks like a crash. */
    @Override
    public void close() {
        CloseHelper.closeAll(container, driver);
    }
}
