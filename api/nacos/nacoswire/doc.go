// Package nacoswire holds the wire shapes shared by the Nacos dialects
// (api/nacos/v1 and api/nacos/v2): JSON bodies that both answer alike. The
// rules behind them live in registry/naming; this package only renders.
package nacoswire
