// Package v3 serves Nacos 3's admin API (/nacos/v3/admin/cs|ns|core/...),
// which the Nacos 3 Maintainer SDK calls (seed 003 §3-5): config, naming
// and core maintenance over the registry's services. Answers are Nacos's
// {code, message, data} envelope with its error codes (nacosresult). Every
// route is for global admins, as Nacos's ADMIN_API routes are.
//
// The routes of each section live in their own files: config (cs),
// naming (ns) and core.
package v3
