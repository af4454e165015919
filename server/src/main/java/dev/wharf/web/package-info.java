/** Server-rendered pages for people; for now the help page that refusal messages link to. */
package dev.wharf.web;
