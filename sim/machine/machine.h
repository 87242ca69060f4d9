/*
 * What the files of the machine layer share with each other and nobody
 * else.
 */
#ifndef SIM_MACHINE_MACHINE_H
#define SIM_MACHINE_MACHINE_H

struct sim;

/* hw-connect.c: has @sim's models hear of the devices made for their nodes. */
void machine_hw_connect_init(struct sim *sim);

#endif
