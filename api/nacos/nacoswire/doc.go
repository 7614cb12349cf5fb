// Package nacoswire holds the wire shapes shared by the Nacos dialects
// (api/nacos/v1, v2 and v3): JSON bodies that they answer alike. The
// rules behind them live in registry/naming; this package only renders.
package nacoswire
