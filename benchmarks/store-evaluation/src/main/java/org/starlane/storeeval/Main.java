package org.starlane.storeeval;

import java.util.Arrays;

public final class Main {
    public static void main(String[] args) throws Exception {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "bench" -> Bench.main(rest);
            case "recovery" -> Recovery.main(rest);
            case "crash-child" -> CrashChild.main(rest);
            case "crash-test" -> CrashTest.main(rest);
            case "disk-probe" -> DiskProbe.main(rest);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
