package qsl.app.profile;

/** A named workload cannot run in this build: the module it drives is not there yet, or the name is unknown. */
public final class WorkloadUnavailableException extends Exception {
    private final String workload;

    public WorkloadUnavailableException(String workload, String message) {
        super(message);
        this.workload = workload;
    }

    public String workload() {
        return workload;
    }
}
