/**
 * Network edges of the node: TCP order-entry sessions, accounts, the market-data feed.
 */
package qsl.gateway;
