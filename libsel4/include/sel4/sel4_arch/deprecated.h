/*
 * seL4 has nothing deprecated for x86_64 here either.
 */
#pragma once
