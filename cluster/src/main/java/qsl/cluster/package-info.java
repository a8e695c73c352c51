/**
 * The engine replicated on Aeron Cluster.
 */
package qsl.cluster;
