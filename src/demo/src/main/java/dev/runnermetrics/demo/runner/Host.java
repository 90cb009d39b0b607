package dev.runnermetrics.demo.runner;

import dev.runnermetrics.demo.sim.Installation;

/**
 * What both runner processes log the same way (HostContext's well-known directories and config files,
 * ConfigurationStore.Initialize, ProcessInvoker starting a process), and the paths they print.
 */
final class Host {

    static final String VERSION = Installation.VERSION;
    static final String COMMIT = Installation.COMMIT;
    static final String ROOT = Installation.ROOT;
    static final String WORK = Installation.WORK;
    /** The hash the listener logs for an empty channel message (a cancellation). */
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private Host() {
    }

    static void dirs(Diag d, String... names) {
        for (String n : names) {
            String path = switch (n) {
                case "Bin" -> ROOT + "/bin";
                case "Root" -> ROOT;
                case "Diag" -> ROOT + "/_diag";
                case "Work" -> WORK;
                case "Temp" -> WORK + "/_temp";
                case "Tools" -> WORK + "/_tool";
                case "Actions" -> WORK + "/_actions";
                default -> throw new IllegalArgumentException(n);
            };
            d.info("HostContext", "Well known directory '" + n + "': '" + path + "'");
        }
    }

    static void configFile(Diag d, String name, String file) {
        dirs(d, "Bin", "Root");
        d.info("HostContext", "Well known config file '" + name + "': '" + ROOT + "/" + file + "'");
    }

    /** ConfigurationStore.Initialize as logged by both processes (order from 2.333.1 Worker log). */
    static void configurationStore(Diag d, String assembly) {
        d.info("ConfigurationStore", "currentAssemblyLocation: " + ROOT + "/bin/" + assembly);
        dirs(d, "Bin");
        d.info("ConfigurationStore", "binPath: " + ROOT + "/bin");
        dirs(d, "Bin", "Root");
        d.info("ConfigurationStore", "RootFolder: " + ROOT);
        configFile(d, "Runner", ".runner");
        d.info("ConfigurationStore", "ConfigFilePath: " + ROOT + "/.runner");
        configFile(d, "MigratedRunner", ".runner_migrated");
        d.info("ConfigurationStore", "MigratedConfigFilePath: " + ROOT + "/.runner_migrated");
        configFile(d, "Credentials", ".credentials");
        d.info("ConfigurationStore", "CredFilePath: " + ROOT + "/.credentials");
        configFile(d, "MigratedCredentials", ".credentials_migrated");
        d.info("ConfigurationStore", "MigratedCredFilePath: " + ROOT + "/.credentials_migrated");
        configFile(d, "Service", ".service");
        d.info("ConfigurationStore", "ServiceConfigFilePath: " + ROOT + "/.service");
    }

    static void processStart(Diag d, String file, String arguments, String workDir, boolean listener, int pid) {
        d.info("ProcessInvokerWrapper", "Starting process:");
        d.info("ProcessInvokerWrapper", "  File name: '" + file + "'");
        d.info("ProcessInvokerWrapper", "  Arguments: '" + arguments + "'");
        d.info("ProcessInvokerWrapper", "  Working directory: '" + workDir + "'");
        d.info("ProcessInvokerWrapper", "  Require exit code zero: 'False'");
        d.info("ProcessInvokerWrapper", "  Encoding web name:  ; code page: ''");
        d.info("ProcessInvokerWrapper", "  Force kill process on cancellation: '" + (listener ? "True" : "False") + "'");
        d.info("ProcessInvokerWrapper", "  Redirected STDIN: 'False'");
        d.info("ProcessInvokerWrapper", "  Persist current code page: 'False'");
        d.info("ProcessInvokerWrapper", "  Keep redirected STDIN open: 'False'");
        d.info("ProcessInvokerWrapper", "  High priority process: '" + (listener ? "True" : "False") + "'");
        d.info("ProcessInvokerWrapper", "Process started with process id " + pid + ", waiting for process exit.");
    }
}
