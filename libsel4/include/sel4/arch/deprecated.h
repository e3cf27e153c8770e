/*
 * seL4 has nothing deprecated for x86 here either.
 */
#pragma once
