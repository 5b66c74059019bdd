package com.venuehub.platform;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.postgresql.util.PSQLException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * The one place that tells an outage from bad data. An outage (the database or the broker
 * unreachable, shutting down, a serialization failure or a deadlock) is retried and never
 * blamed on a record. Bad data (a record the database cannot take as it is: SQL states
 * 22xxx data exceptions, 23xxx constraint violations, 54xxx program limits, the lock
 * table exhausted by one event, or a record rejected by the hub's own rules) quarantines
 * that one record with the reason, and is never retried.
 */
public final class Failures {

	/** What a failure means for the record being processed. */
	public enum Kind {

		/** Passing: retry the same work, in the same order, until it goes through. */
		OUTAGE,

		/** The record itself: quarantine it with the reason, go on with the others. */
		BAD_DATA

	}

	private static final int MAX_CAUSES = 32;

	private Failures() {
	}

	public static Kind classify(Throwable failure) {
		SQLException sql = null;
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < MAX_CAUSES; cause = cause.getCause(), depth++) {
			if (cause instanceof RecordRejectedException) {
				return Kind.BAD_DATA;
			}
			if (sql == null && cause instanceof SQLException ex && ex.getSQLState() != null) {
				sql = ex;
			}
		}
		if (sql != null) {
			return bySqlState(sql.getSQLState(), sql.getMessage() + hint(sql));
		}
		depth = 0;
		for (Throwable cause = failure; cause != null && depth < MAX_CAUSES; cause = cause.getCause(), depth++) {
			if (cause instanceof jakarta.jms.JMSException || cause instanceof org.springframework.jms.JmsException
					|| cause instanceof ActiveMQException || cause instanceof SQLTransientException
					|| cause instanceof SQLRecoverableException || cause instanceof TransientDataAccessException
					|| cause instanceof RecoverableDataAccessException
					|| cause instanceof DataAccessResourceFailureException || cause instanceof TransactionException
					|| cause instanceof SocketException || cause instanceof SocketTimeoutException
					|| cause instanceof UnknownHostException || cause instanceof InterruptedException
					// the transaction could not begin, commit or roll back on its
					// connection, or the pool handed a closed one (no SQL state)
					|| cause instanceof org.hibernate.TransactionException || cause instanceof SQLException) {
				return Kind.OUTAGE;
			}
		}
		// anything else is about the record at hand (its JSON, a value a rule cannot
		// take): retrying it would fail the same way
		return Kind.BAD_DATA;
	}

	public static boolean isOutage(Throwable failure) {
		return failure != null && classify(failure) == Kind.OUTAGE;
	}

	/**
	 * Why PostgreSQL refused a value of a request (a data exception, SQL state 22xxx: a
	 * NUL character, a date or a number out of its range), in words for the caller who
	 * sent it; null when the failure is no data exception.
	 */
	public static String refusedValue(Throwable failure) {
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < MAX_CAUSES; cause = cause.getCause(), depth++) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
				if (sql.getSQLState().equals("22021")) {
					return "a value of the request holds a NUL character (U+0000), which the hub cannot store: "
							+ "remove it and send the request again";
				}
				return "a value of the request is out of what the database can store (SQL state " + sql.getSQLState()
						+ ": " + firstLine(sql.getMessage()).replaceFirst("^ERROR: ", "")
						+ "): correct it and send the request again";
			}
		}
		return null;
	}

	/**
	 * A PostgreSQL SQL state: data exceptions, constraint violations and program limits
	 * are the record's; the lock table exhausted is too (one event touching more tickets
	 * and identifiers than the server can lock); every other state (connection, shutdown,
	 * insufficient resources, serialization failure, deadlock, lock timeout, system
	 * errors) is an outage.
	 */
	static Kind bySqlState(String state, String message) {
		String type = state.length() >= 2 ? state.substring(0, 2) : state;
		return switch (type) {
			case "22", "23", "54" -> Kind.BAD_DATA;
			case "53" -> state.equals("53200") && message != null
					&& message.toLowerCase(Locale.ROOT).contains("max_locks_per_transaction") ? Kind.BAD_DATA
							: Kind.OUTAGE;
			default -> Kind.OUTAGE;
		};
	}

	/**
	 * A reason a person reads in the quarantine: for the database, its SQL state and
	 * first line (the values it quotes stay in the quarantine, out of the logs).
	 */
	public static String describe(Throwable failure) {
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < MAX_CAUSES; cause = cause.getCause(), depth++) {
			if (cause instanceof RecordRejectedException) {
				return cause.getMessage();
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return "the database refused it (SQL state " + sql.getSQLState() + "): " + firstLine(sql.getMessage())
						+ hint(sql);
			}
		}
		return "it could not be applied (" + failure.getClass().getSimpleName()
				+ (failure.getMessage() == null ? "" : ": " + firstLine(failure.getMessage())) + ")";
	}

	/** For a log line: the kind of failure and its SQL state, no value of a record. */
	public static String summary(Throwable failure) {
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < MAX_CAUSES; cause = cause.getCause(), depth++) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return cause.getClass().getSimpleName() + ", SQL state " + sql.getSQLState();
			}
		}
		Throwable root = root(failure);
		return root == failure ? failure.getClass().getSimpleName()
				: failure.getClass().getSimpleName() + " caused by " + root.getClass().getSimpleName();
	}

	/**
	 * Where in the hub's own code the root cause of a failure was thrown (class, method
	 * and line), for a log line that must not quote the failure's message.
	 */
	public static String where(Throwable failure) {
		Throwable root = root(failure);
		if (root.getStackTrace().length == 0) {
			// the JVM throws a failure it has thrown often from one place without its
			// stack (-XX:-OmitStackTraceInFastThrow keeps it)
			return "a place the JVM no longer records";
		}
		for (StackTraceElement frame : root.getStackTrace()) {
			if (frame.getClassName().startsWith("com.venuehub.")) {
				return frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1) + "."
						+ frame.getMethodName() + ":" + frame.getLineNumber();
			}
		}
		return "outside the hub's code";
	}

	/** The deepest cause of a failure, within {@link #MAX_CAUSES}. */
	private static Throwable root(Throwable failure) {
		Throwable root = failure;
		for (int depth = 0; root.getCause() != null && depth < MAX_CAUSES; depth++) {
			root = root.getCause();
		}
		return root;
	}

	/** PostgreSQL's hint, which names the setting when a limit was reached. */
	/**
	 * The server's hint, read from its message's fields: the connection leaves the
	 * details (and the hint) out of the exception's text, since details quote values.
	 */
	private static String hint(SQLException sql) {
		String hint = sql instanceof PSQLException psql && psql.getServerErrorMessage() != null
				? psql.getServerErrorMessage().getHint() : null;
		return hint == null || hint.isBlank() ? "" : " (Hint: " + firstLine(hint) + ")";
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "";
		}
		int end = message.indexOf('\n');
		return (end < 0 ? message : message.substring(0, end)).strip();
	}

}
