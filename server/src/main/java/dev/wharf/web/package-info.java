/**
 * Server-rendered pages for people (jte templates, no JavaScript): home and search, project and
 * release pages with safely rendered descriptions, the help page, and the security headers every
 * response carries.
 */
package dev.wharf.web;
