package com.venuehub;

import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Settings of the test JVM, made once before any test runs.
 * <p>
 * A wait does not fail on an exception another thread left uncaught (Awaitility's
 * default): the {@link InChildJvms} tests run beside the others, and the SMTP server or
 * Twilio stand-in they serve their child hub from reports a connection the kill cut as
 * such an exception, which would fail whichever wait of another test was running then.
 * Each test asserts what it expects of its own threads.
 */
public final class TestJvmSetup implements LauncherSessionListener {

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		Awaitility.doNotCatchUncaughtExceptionsByDefault();
	}

}
