/**
 * The settings pages of a project and of the instance: trusted publishers (one form per kind,
 * each field explained as pypi.org explains it), collaborators and their roles, yanking and file
 * deletion, the security history, and for administrators the users, the account policy and the
 * OIDC issuers. Every change is a POST answered with a 303 redirect and a flash message
 * (post/redirect/get), every page works without JavaScript, and a visitor without a role on a
 * project is told the project does not exist, so settings pages never reveal private facts.
 * Only owners change anything; maintainers see the same pages read-only.
 */
package dev.wharf.web.manage;
