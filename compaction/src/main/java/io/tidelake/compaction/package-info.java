/** Tidelake compaction: placeholder until its issue lands. */
package io.tidelake.compaction;
