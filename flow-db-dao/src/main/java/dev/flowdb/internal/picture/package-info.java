/**
 * The scheduling picture: every feature's node, flags and unmet-dependency count in the
 * original's score order ({@code Backlog}, scored by {@code SchedulingScores} over primitive
 * arrays with {@code IdPositions}), and the caches that keep it and the last {@code getAll()} list
 * for exactly as long as the database's change counters stand still ({@code BacklogCache},
 * {@code FeatureListCache}).
 *
 * <p>May use: {@code engine} (the transaction it is fed in), {@code sql} (the repository it reads
 * from when it rebuilds). Not API.
 */
package dev.flowdb.internal.picture;
